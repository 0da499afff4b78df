import assert from "node:assert/strict";
import { normaliseError } from "./normalise.ts";
import { buildSignature } from "./signature.ts";

/** A signature built from the texts' templates, as clustering builds it. */
const signatureOf = (texts: string[]) => new RegExp(buildSignature(texts.map((t) => normaliseError(t))));

const unrelated = [
  "Invalid action!",
  "No more results.",
  "Error: connection refused",
  "Could not connect to https://x.io",
  "TypeError: x is not a function",
  "Pages for logged out editors learn more. The Beach is a 2000 film.",
  "Episode finished, reward = 0",
];

Deno.test("buildSignature() matches its own examples and not unrelated errors", () => {
  const clusters = [
    [
      "Could not find [The Beach]. Similar: ['The Beach Boys', 'The Beach', 'Beach'].",
      "Could not find [Mirny]. Similar: ['Mir mine (redirect from Mirny Mine)', 'Mirny', 'Mirny Station",
      "Could not find global warming permafrost. Similar: ['Permafrost', 'Climate change'].",
    ],
    ["Invalid action: Finish[NOT ENOUGH INFO]", "Invalid action: lookup[Dune] on different website"],
    ["Order B07GJTKYJQ not found after 3000ms", "Order B09XYZ1234 not found after 12ms"],
    ["ENOENT: no such file or directory, open '/home/ann/a.txt'"],
  ];
  for (const texts of clusters) {
    const signature = signatureOf(texts);
    for (const text of texts) assert.match(text, signature);
    for (const text of unrelated) assert.doesNotMatch(text, signature);
    for (const other of clusters.filter((c) => c !== texts).flat()) assert.doesNotMatch(other, signature);
  }
});

Deno.test("buildSignature() keeps shared tokens literal and makes the differing run a wildcard", () => {
  const signature = buildSignature(["Could not find [<arg>]. Similar: <list>", "Could not find Mary-Kate Olsen."]);
  assert.equal(signature, String.raw`^\s*Could\s+not\s+find\s+[\s\S]+?\.\s*[\s\S]*?\s*$`);
  assert.equal(
    buildSignature(["Invalid action: Finish[<arg>]"]),
    String.raw`^\s*Invalid\s+action:\s+Finish\[.+?\]\s*$`,
  );
});

Deno.test("buildSignature() gives a mask its own class: <num> matches digits, not words", () => {
  const signature = new RegExp(buildSignature(["timeout after <num>ms"]));
  assert.match("timeout after 3000ms", signature);
  assert.match("timeout after 2.5ms", signature);
  assert.doesNotMatch("timeout after manyms", signature);
});

Deno.test("buildSignature() tolerates the whitespace the templates collapsed", () => {
  const text = "Error:  disk\n\n full on   /dev/sda1  ";
  assert.match(text, new RegExp(buildSignature([normaliseError(text)])));
});

Deno.test("buildSignature() is anchored, except after a <tail>", () => {
  const exact = new RegExp(buildSignature(["Invalid action!"]));
  assert.doesNotMatch("Invalid action! Then something else entirely", exact);
  assert.doesNotMatch("Note: Invalid action!", exact);
  const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
  const cut = new RegExp(buildSignature([normaliseError(long, { maxTokens: 5 })]));
  assert.match(long, cut);
  assert.match("word0 word1 word2 word3 word4 and more", cut);
});

Deno.test("buildSignature() works with or without the u flag", () => {
  const signature = buildSignature([normaliseError("Cannot read (x) of {y} at [z] | $a ^b *c +d ?e - /f")]);
  for (const flags of ["", "u"]) {
    assert.match("Cannot read (x) of {y} at [q] | $a ^b *c +d ?e - /f", new RegExp(signature, flags));
  }
});

Deno.test("buildSignature() needs a template", () => {
  assert.throws(() => buildSignature([]), RangeError);
});
