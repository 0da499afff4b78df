import assert from "node:assert/strict";
import { commonSubsequence, similarity } from "./align.ts";

const same = (a: string, b: string) => a === b;
const words = (text: string) => text.split(" ");

Deno.test("commonSubsequence() pairs the tokens of a longest common subsequence", () => {
  assert.deepEqual(commonSubsequence(words("a b c d"), words("a x c d e"), same), [[0, 0], [2, 2], [3, 3]]);
  assert.deepEqual(commonSubsequence([], words("a"), same), []);
});

Deno.test("similarity() counts a run of differing tokens once", () => {
  const oneSlot = similarity(words("could not find [ <arg> ] ."), words("could not find Mary Kate Olsen ."), same);
  assert.deepEqual(oneSlot, { shared: 4, gaps: 1, score: 0.8, sameStart: true });
  const twoSlots = similarity(words("a b c"), words("x b y"), same);
  assert.deepEqual(twoSlots, { shared: 1, gaps: 2, score: 1 / 3, sameStart: false });
  assert.equal(similarity(words("a b"), words("a b"), same).score, 1);
  assert.equal(similarity(words("a"), words("b"), same).score, 0);
});
