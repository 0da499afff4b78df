import assert from "node:assert/strict";
import type { Trajectory } from "../learning/trajectory.ts";
import { checkPlans } from "./plan_check.ts";

const run = (id: string, outcome: Trajectory["outcome"], actions: number): Trajectory => ({
  id,
  task: { description: "d", family: "f" },
  outcome,
  score: null,
  steps: Array.from({ length: actions }, (_, i) => ({ index: i, kind: "action" as const, content: `verb${i}[x]` })),
});

Deno.test("checkPlans() counts only successes, and flags empty and over-long plans", () => {
  const lengths: Record<string, number> = { a: 0, b: 3, c: 13, d: 5, e: 40 };
  const check = checkPlans(
    [
      run("a", "success", 0),
      run("b", "success", 3),
      run("c", "success", 13),
      run("d", "success", 5),
      run("e", "failure", 40),
    ],
    (t) => lengths[t.id]!,
  );
  assert.deepEqual(
    [check.successes, check.empty, check.tooLong, check.min, check.median, check.max, check.ok],
    [4, 1, 1, 0, 3, 13, false],
  );
  assert.deepEqual(check.examples, { empty: ["a"], tooLong: ["c"] });
});

Deno.test("checkPlans() asks planOf by default and reports nothing for no successes", () => {
  const check = checkPlans([run("short", "success", 3)]);
  assert.deepEqual([check.successes, check.empty, check.tooLong], [1, 0, 0]);
  assert.ok(check.min > 0);
  const none = checkPlans([run("lost", "failure", 3)]);
  assert.deepEqual([none.successes, none.min, none.median, none.max, none.ok], [0, 0, 0, 0, true]);
});
