import assert from "node:assert/strict";
import { characterEntropy, exampleFeatures, featureNames, repeatedLineShare, symbolShare } from "./features.ts";
import { example } from "./test_examples.ts";

Deno.test("exampleFeatures() gives one finite number per feature name", () => {
  const features = exampleFeatures(example("a"));
  assert.equal(features.length, featureNames.length);
  assert.ok(features.every(Number.isFinite));
  const empty = exampleFeatures(example("b", { input: "", output: "", tokens: { input: 0, output: 0 } }));
  assert.ok(empty.every(Number.isFinite));
});

Deno.test("symbolShare() counts what is neither letter, digit nor whitespace", () => {
  assert.equal(symbolShare(""), 0);
  assert.equal(symbolShare("ab c1"), 0);
  assert.equal(symbolShare("a{}b"), 0.5);
  assert.equal(symbolShare("café ✓"), 1 / 6);
});

Deno.test("repeatedLineShare() is the share of non-blank lines seen before", () => {
  assert.equal(repeatedLineShare("one line"), 0);
  assert.equal(repeatedLineShare("a\nb\n\na \nb"), 0.5);
  assert.equal(repeatedLineShare("x\nx\nx\nx"), 0.75);
});

Deno.test("characterEntropy() is 0 for one repeated character and log2(n) for n equally common ones", () => {
  assert.equal(characterEntropy(""), 0);
  assert.equal(characterEntropy("aaaa"), 0);
  assert.equal(characterEntropy("abcd"), 2);
});
