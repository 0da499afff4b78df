import assert from "node:assert/strict";
import { planOf, verbOf } from "./mod.ts";
import { step, trajectoryOf } from "./testdata/steps.ts";

Deno.test("planOf() collapses runs of one verb and keeps the reasoning before each action", () => {
  const plan = planOf(trajectoryOf([
    step("action", "reset"),
    step("action", "search[long clip-in hair extension]"),
    step("thought", "B08H5DCD65 looks right."),
    step("action", "click[B08H5DCD65]"),
    step("action", "click[Buy Now]"),
  ], { description: "d", family: "web-shopping" }));
  assert.equal(plan.shape, "text-actions");
  assert.deepEqual(plan.steps.map((s) => s.verb), ["reset", "search", "click"]);
  assert.equal(plan.steps[2]!.rationale, "B08H5DCD65 looks right.");
  assert.equal(plan.signature, "web-shopping|reset>search>click");
});

Deno.test("planOf() reads ReAct's tool-named actions as text actions, as before", () => {
  const plan = planOf(trajectoryOf([
    step("thought", "I should search for Paramore."),
    step("action", "Search[Paramore]", { tool: { name: "Search", input: "Paramore" } }),
    step("observation", "Paramore is an American rock band from Franklin, Tennessee."),
    step("action", "Finish[REFUTES]", { tool: { name: "Finish", input: "REFUTES" } }),
  ], { description: "Paramore is not from Tennessee.", family: "fact-verification" }));
  assert.deepEqual([plan.shape, plan.signature], ["text-actions", "fact-verification|search>finish"]);
});

Deno.test("planOf() compresses a text-action plan past 12 steps instead of cutting it", () => {
  const steps = Array.from({ length: 16 }, (_, i) => step("action", i % 2 ? `Lookup[k${i}]` : `Search[s${i}]`));
  const plan = planOf(trajectoryOf([...steps, step("action", "Finish[SUPPORTS]")]));
  assert.deepEqual(plan.steps.map((s) => s.verb), ["search", "lookup", "finish"]);
  assert.deepEqual(plan.steps.map((s) => s.repeats), [8, 8, undefined]);
});

Deno.test("verbOf() takes the tool's name, else the word before the argument list", () => {
  assert.equal(verbOf({ index: 0, kind: "action", content: "Search[x]", tool: { name: "Search" } }), "search");
  assert.equal(verbOf(step("action", "Lookup[founded]")), "lookup");
  assert.equal(verbOf(step("action", "click[Buy Now]")), "click");
  assert.equal(verbOf(step("action", "reset")), "reset");
});
