import assert from "node:assert/strict";
import { programOf } from "./code.ts";
import { planOf } from "./mod.ts";
import { call, step, trajectoryOf } from "./testdata/steps.ts";

const skill =
  "async function craftStonePickaxe(bot) {\n  // Check the inventory\n  await mineBlock(bot, 'stone', 3);\n  // Craft it\n}";

Deno.test("planOf() reads a program's comments as its plan and its task id as its signature", () => {
  const plan = planOf(trajectoryOf([step("action", skill, { code: { language: "javascript", source: skill } })], {
    id: "craftStonePickaxe",
    description: "d",
    family: "minecraft-skill",
  }));
  assert.equal(plan.shape, "code");
  assert.deepEqual(plan.steps.map((s) => s.example), ["Check the inventory", "Craft it"]);
  assert.equal(plan.signature, "minecraft-skill|code:craftStonePickaxe");
});

Deno.test("planOf() falls back to a program's calls and reads its last version, the answer", () => {
  const first = "def solve(xs):\n    return sorted(xs)";
  const last = "def solve(xs):\n    return heapq.nsmallest(3, dedupe(xs))";
  const plan = planOf(trajectoryOf([step("action", first), step("observation", "wrong"), step("action", last)]));
  assert.deepEqual(plan.steps.map((s) => s.example), ["call solve", "call nsmallest", "call dedupe"]);
});

Deno.test("programOf() takes code handed to a tool, a shell command or a query for a tool call, not a program", () => {
  assert.equal(programOf(call("execute_python", { code: "def f():\n  return 1" })), undefined);
  assert.equal(
    programOf(step("action", "ls", { code: { language: "bash", source: "function f() { ls; }" } })),
    undefined,
  );
  assert.equal(programOf(step("action", "q", { code: { language: "sql", source: "SELECT 1" } })), undefined);
  assert.equal(programOf(step("action", "import os\nprint(os.getcwd())")), undefined);
  assert.ok(programOf(step("action", "class Stack:\n    def push(self, x): ...")));
});
