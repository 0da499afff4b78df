import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { trainingExample } from "../training/example_fixture.ts";
import { preferencePairs } from "./preference_pairs.ts";

const answer = (id: string, taskKey: string, qualityScore: number) =>
  trainingExample({ id, taskKey, qualityScore, input: `Question ${taskKey}`, output: `Answer ${id}` });

const names = (pairs: { chosenId: string; rejectedId: string }[]) => pairs.map((p) => `${p.chosenId}>${p.rejectedId}`);

Deno.test("preferencePairs() pairs a lead equal to minMargin and not one below it", () => {
  const examples = [answer("a", "t", 90), answer("b", "t", 80), answer("c", "t", 81)];
  assert.deepEqual(names(preferencePairs(examples, { minMargin: 10 })), ["a>b"]);
  assert.deepEqual(names(preferencePairs(examples, { minMargin: 9 })), ["a>b", "a>c"]);
  const [pair] = preferencePairs([answer("p", "t", 70.3), answer("q", "t", 60.3)], { minMargin: 10 });
  assert.equal(pair?.margin, 10);
});

Deno.test("preferencePairs() never pairs equal scores, even at minMargin 0", () => {
  const examples = [answer("a", "t", 50), answer("b", "t", 50), answer("c", "t", 49)];
  assert.deepEqual(names(preferencePairs(examples, { minMargin: 0 })), ["a>c", "b>c"]);
});

Deno.test("preferencePairs() pairs only answers to the same task", () => {
  const examples = [answer("a", "x", 100), answer("b", "y", 0), answer("c", "x", 40), answer("d", "y", 60)];
  const pairs = preferencePairs(examples, { minMargin: 10 });
  assert.deepEqual(names(pairs), ["a>c", "d>b"]);
  assert.deepEqual(pairs[0], {
    taskKey: "x",
    prompt: "Question x",
    rejectedPrompt: "Question x",
    chosen: "Answer a",
    rejected: "Answer c",
    chosenId: "a",
    rejectedId: "c",
    margin: 60,
  });
});

Deno.test("preferencePairs() orders widest margin first within a task, tasks by key, whatever the input order", () => {
  const examples = [
    answer("b1", "b", 70),
    answer("a1", "a", 90),
    answer("a2", "a", 60),
    answer("a3", "a", 20),
    answer("b2", "b", 10),
  ];
  const expected = ["a1>a3", "a2>a3", "a1>a2", "b1>b2"];
  assert.deepEqual(names(preferencePairs(examples, { minMargin: 10 })), expected);
  assert.deepEqual(names(preferencePairs(examples.toReversed(), { minMargin: 10 })), expected);
});

Deno.test("preferencePairs() keeps at most maxPairsPerTask pairs per task, the widest", () => {
  const examples = Array.from({ length: 10 }, (_, i) => answer(`e${i}`, "t", i * 10));
  const pairs = preferencePairs(examples, { minMargin: 10, maxPairsPerTask: 3 });
  assert.deepEqual(names(pairs), ["e9>e0", "e9>e1", "e8>e0"]);
  assert.equal(preferencePairs(examples, { minMargin: 10 }).length, 16, "16 by default");
  assert.equal(preferencePairs(examples, { minMargin: 10, maxPairsPerTask: 100 }).length, 45, "all of 10·9/2");
});

Deno.test("preferencePairs() throws E7300 on a minMargin outside 0–100 or a cap below 1", () => {
  for (const options of [{ minMargin: -1 }, { minMargin: 101 }, { minMargin: 10, maxPairsPerTask: 0 }]) {
    assert.throws(() => preferencePairs([], options), (error) => error instanceof AtlasError && error.code === "E7300");
  }
});
