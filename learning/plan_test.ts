import assert from "node:assert/strict";
import type { StepBody } from "../schemas/mod.ts";
import { planOf, verbOf } from "./plan.ts";
import type { Trajectory } from "./trajectory.ts";

const step = (index: number, kind: StepBody["kind"], content: string): StepBody => ({ index, kind, content });
const trajectory = (steps: StepBody[], task: Trajectory["task"] = { description: "d", family: "web-shopping" }) => ({
  id: "t",
  task,
  outcome: "success" as const,
  score: 1,
  steps,
});

Deno.test("planOf() collapses runs of one verb and keeps the reasoning before each action", () => {
  const plan = planOf(trajectory([
    step(0, "action", "reset"),
    step(1, "action", "search[long clip-in hair extension]"),
    step(2, "thought", "B08H5DCD65 looks right."),
    step(3, "action", "click[B08H5DCD65]"),
    step(4, "action", "click[Buy Now]"),
  ]));
  assert.deepEqual(plan.steps.map((s) => s.verb), ["reset", "search", "click"]);
  assert.equal(plan.steps[2]!.rationale, "B08H5DCD65 looks right.");
  assert.equal(plan.signature, "web-shopping|reset>search>click");
});

Deno.test("planOf() reads a program's comments as its plan and its task id as its signature", () => {
  const code =
    "async function craftStonePickaxe(bot) {\n  // Check the inventory\n  await mineBlock(bot, 'stone', 3);\n  // Craft it\n}";
  const plan = planOf(
    trajectory([step(0, "action", code)], { id: "craftStonePickaxe", description: "d", family: "minecraft-skill" }),
  );
  assert.deepEqual(plan.steps.map((s) => s.example), ["Check the inventory", "Craft it"]);
  assert.equal(plan.signature, "minecraft-skill|code:craftStonePickaxe");
});

Deno.test("verbOf() takes the tool's name, else the word before the argument list", () => {
  assert.equal(verbOf({ index: 0, kind: "action", content: "Search[x]", tool: { name: "Search" } }), "search");
  assert.equal(verbOf(step(0, "action", "Lookup[founded]")), "lookup");
  assert.equal(verbOf(step(0, "action", "click[Buy Now]")), "click");
  assert.equal(verbOf(step(0, "action", "reset")), "reset");
});
