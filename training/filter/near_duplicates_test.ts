import assert from "node:assert/strict";
import { matchNearDuplicates, type NearDuplicateOptions, nearDuplicates } from "./near_duplicates.ts";
import { randomWords } from "./test_examples.ts";

const options: NearDuplicateOptions = { threshold: 0.85, shingleSize: 5, permutations: 128, bands: 32, seed: 42 };
const words = randomWords(200, 1);
const original = words.join(" ");
const edited = words.with(50, "changed").join(" ");
const unrelated = randomWords(200, 2).join(" ");

Deno.test("nearDuplicates() maps each later copy to the first item it duplicates", () => {
  const duplicates = nearDuplicates(
    [{ id: "a", text: original }, { id: "b", text: unrelated }, { id: "c", text: edited }, { id: "d", text: original }],
    options,
  );
  assert.deepEqual(duplicates, new Map([["c", "a"], ["d", "a"]]));
});

Deno.test("nearDuplicates() checks kept items first and never rejects them", () => {
  const duplicates = nearDuplicates(
    [{ id: "new", text: edited }],
    options,
    [{ id: "old", text: original }, { id: "old-copy", text: original }],
  );
  assert.deepEqual(duplicates, new Map([["new", "old"]]));
});

Deno.test("matchNearDuplicates() reports the estimated Jaccard and respects the threshold", () => {
  const [, match] = matchNearDuplicates([{ id: "a", text: original }, { id: "b", text: edited }], options);
  assert.equal(match?.duplicateOf, "a");
  assert.ok(match.jaccard >= 0.85 && match.jaccard < 1);
  const strict = matchNearDuplicates([{ id: "a", text: original }, { id: "b", text: edited }], {
    ...options,
    threshold: 1,
  });
  assert.deepEqual(strict, [undefined, undefined]);
});

Deno.test("matchNearDuplicates() refuses bands that do not divide the permutations", () => {
  assert.throws(() => matchNearDuplicates([], { ...options, bands: 30 }), RangeError);
});
