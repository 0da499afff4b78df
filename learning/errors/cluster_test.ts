import assert from "node:assert/strict";
import { clusterErrors, type ErrorOccurrence } from "./cluster.ts";
import { normaliseError } from "./normalise.ts";

let n = 0;
const occ = (text: string, extra: Partial<ErrorOccurrence> = {}): ErrorOccurrence => ({
  trajectoryId: `t${++n}`,
  family: "fact-verification",
  index: 2,
  text,
  template: normaliseError(text),
  ...extra,
});

const notFound = [
  occ("Could not find [The Beach]. Similar: ['The Beach Boys'].", { action: "Search[The Beach]" }),
  occ("Could not find [Mirny]. Similar: ['Mirny Station'].", {
    action: "Search[Mirny]",
    recovery: "Search[Mirny, Sakha Republic]",
  }),
  occ("Could not find [Jackpot]. Similar: ['Jackpot (2019 film)'].", {
    action: "Search[Jackpot]",
    recovery: "Search[Jackpot (2019 film)]",
  }),
  occ("Could not find global warming permafrost. Similar: ['Permafrost']", { action: "Search[global warming]" }),
];
const invalid = [
  occ("Invalid action: Finish[NOT ENOUGH INFO]", { action: "Finish[NOT ENOUGH INFO]" }),
  occ("Invalid action: lookup[Dune] on different website", { action: "Lookup[Dune] on different website" }),
  occ("Invalid action: login", { action: "Login" }),
];
const noResults = [occ("No more results.", { action: "Lookup[genre]" }), occ("No more results.")];

Deno.test("clusterErrors() merges templates that differ in one slot and keeps different errors apart", () => {
  const patterns = clusterErrors([...noResults, ...invalid, ...notFound, occ("Error: disk full")]);
  assert.deepEqual(patterns.map((p) => [p.name, p.frequency]), [
    ["Could not find (after Search)", 4],
    ["Invalid action", 3],
    ["No more results", 2],
  ]);
  assert.deepEqual(patterns[0]!.templates, [
    "Could not find [<arg>]. Similar: <list>",
    "Could not find global warming permafrost. Similar: <list>",
  ]);
});

Deno.test("clusterErrors() signatures match their own examples and not those of other patterns", () => {
  const all = [...notFound, ...invalid, ...noResults, occ("Invalid action!", { family: "web-shopping" })];
  const patterns = clusterErrors(all, { minFrequency: 1 });
  assert.equal(patterns.length, 4);
  for (const pattern of patterns) {
    const signature = new RegExp(pattern.signature);
    for (const o of all) {
      const own = o.family === pattern.family && pattern.templates.includes(o.template);
      assert.equal(signature.test(o.text), own, `${pattern.name}: ${o.text}`);
    }
  }
});

Deno.test("clusterErrors() keeps task families apart and needs minFrequency occurrences", () => {
  const shop = [occ("Invalid action!", { family: "web-shopping" }), occ("Invalid action!", { family: "web-shopping" })];
  const other = [occ("Invalid action!", { family: null })];
  const patterns = clusterErrors([...shop, ...other, ...invalid]);
  assert.deepEqual(patterns.map((p) => [p.family, p.frequency]), [["fact-verification", 3], ["web-shopping", 2]]);
  assert.equal(clusterErrors([...shop, ...other], { minFrequency: 1 }).length, 2);
  assert.equal(clusterErrors([...shop], { minFrequency: 3 }).length, 0);
});

Deno.test("clusterErrors() takes the fix from recoveries and says where it came from", () => {
  const [found, noFix] = clusterErrors([...notFound, ...invalid]);
  assert.equal(
    found!.suggestedFix,
    "Runs that got past this error went on with Search[<arg>] (e.g. Search[Mirny, Sakha Republic]), " +
      "the failed action with another argument: 2 of 2 recoveries.",
  );
  assert.equal(found!.fixSource, "trajectory");
  assert.equal(noFix!.suggestedFix, null);
  assert.equal(noFix!.fixSource, null);
});

Deno.test("clusterErrors() gives stable ids that survive input order and a new variant", () => {
  const ids = (list: ErrorOccurrence[]) => clusterErrors(list).map((p) => p.id).sort();
  const before = ids([...notFound.slice(0, 3), ...invalid]);
  assert.deepEqual(ids([...invalid].reverse().concat(notFound.slice(0, 3).reverse())), before);
  assert.deepEqual(ids([...notFound, ...invalid]), before);
  assert.match(before[0]!, /^ep-[0-9a-f]{16}$/);
});

Deno.test("clusterErrors() counts distinct trajectories and caps the examples", () => {
  const same = Array.from({ length: 8 }, (_, i) => occ("Invalid action!", { trajectoryId: `w${i % 3}`, index: i }));
  const [pattern] = clusterErrors(same, { maxExamples: 4 });
  assert.equal(pattern!.frequency, 8);
  assert.equal(pattern!.distinctTrajectories, 3);
  assert.deepEqual(pattern!.examples.map((e) => e.trajectoryId), ["w0", "w1", "w2", "w0"]);
});

Deno.test("clusterErrors() makes names unique across families", () => {
  const a = [occ("Timeout", { family: "a" }), occ("Timeout", { family: "a" })];
  const b = [occ("Timeout", { family: "b" }), occ("Timeout", { family: "b" })];
  assert.deepEqual(clusterErrors([...a, ...b]).map((p) => p.name), ["Timeout", "Timeout [b]"]);
});

Deno.test("clusterErrors() widens a signature to an example its template does not describe", () => {
  // A caller's template may not come from normaliseError; the promise holds anyway.
  const odd = [occ("x (y) z", { template: "something else" }), occ("something else")];
  const [pattern] = clusterErrors(odd);
  for (const o of odd) assert.match(o.text, new RegExp(pattern!.signature));
});
