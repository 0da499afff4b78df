import assert from "node:assert/strict";
import { trainingExample } from "../training/example_fixture.ts";
import type { PreferencePair } from "./preference_pairs.ts";
import { heldOutTasks, splitExamplesByTask, splitPairsByTask } from "./task_split.ts";

const pair = (taskKey: string, n: number): PreferencePair => ({
  taskKey,
  prompt: taskKey,
  rejectedPrompt: taskKey,
  chosen: "good",
  rejected: "bad",
  chosenId: `${taskKey}/${n}+`,
  rejectedId: `${taskKey}/${n}-`,
  margin: 20,
});
const pairs = Array.from({ length: 50 }, (_, task) => [0, 1, 2].map((n) => pair(`t${task}`, n))).flat();
const tasksOf = (items: { taskKey: string }[]) => new Set(items.map((item) => item.taskKey));

Deno.test("splitPairsByTask() puts each task's pairs all on one side", () => {
  const { train, heldOut } = splitPairsByTask(pairs, 0.2, 7);
  assert.equal(train.length + heldOut.length, pairs.length);
  assert.equal(tasksOf(heldOut).size, 10, "round(0.2 · 50) tasks held out");
  assert.deepEqual([...tasksOf(train)].filter((task) => tasksOf(heldOut).has(task)), []);
  assert.equal(heldOut.length, 30);
});

Deno.test("splitPairsByTask() gives the same split for a seed whatever the order, another for another seed", () => {
  const split = splitPairsByTask(pairs, 0.2, 7);
  assert.deepEqual(tasksOf(splitPairsByTask(pairs.toReversed(), 0.2, 7).heldOut), tasksOf(split.heldOut));
  assert.notDeepEqual(tasksOf(splitPairsByTask(pairs, 0.2, 8).heldOut), tasksOf(split.heldOut));
});

Deno.test("heldOutTasks() holds out one task of two or more even when the fraction rounds to none", () => {
  assert.equal(heldOutTasks(["a", "b", "c"], 0.1, 1).size, 1);
  assert.equal(heldOutTasks(["a", "b"], 0.9, 1).size, 1, "and keeps one for training");
  assert.equal(heldOutTasks(["a", "a", "b", "b", "c"], 0.34, 1).size, 1, "duplicates count once");
});

Deno.test("splitExamplesByTask() keeps a task's examples on one side", () => {
  const examples = Array.from({ length: 40 }, (_, i) => trainingExample({ id: `e${i}`, taskKey: `t${i % 10}` }));
  const { train, heldOut } = splitExamplesByTask(examples, 0.3, 3);
  assert.equal(tasksOf(heldOut).size, 3);
  assert.equal(heldOut.length, 12);
  assert.deepEqual([...tasksOf(train)].filter((task) => tasksOf(heldOut).has(task)), []);
});
