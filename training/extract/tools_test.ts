import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import { actionVerb, distinctTools, toolOf } from "./tools.ts";

Deno.test("actionVerb() reads the verb of a ReAct action, even one cut off before its bracket closes", () => {
  assert.equal(actionVerb("Search[Paramore]"), "Search");
  assert.equal(actionVerb("click[Buy Now]"), "click");
  assert.equal(actionVerb("Lookup[The Dark Tower (2017 film)] on different website"), "Lookup");
  assert.equal(actionVerb("search[long clip-in hair extension"), "search");
  assert.equal(actionVerb("reset"), undefined);
  assert.equal(actionVerb("I will search for it [soon]"), undefined);
});

Deno.test("actionVerb() does not count think[...] as a tool", () => {
  assert.equal(actionVerb("think[B08H5DCD65 looks right. I can check it.]"), undefined);
});

Deno.test("toolOf() prefers the structured tool name and reads only actions' text", () => {
  const step = (s: Partial<StepBody>): StepBody => ({ index: 0, kind: "action", content: "", ...s });
  assert.equal(toolOf(step({ content: "Search[x]", tool: { name: "wikipedia_search" } })), "wikipedia_search");
  assert.equal(toolOf(step({ content: "Finish[SUPPORTS]" })), "Finish");
  assert.equal(toolOf(step({ kind: "tool_call", content: "bash[ls]" })), "bash");
  assert.equal(toolOf(step({ kind: "observation", content: "Search[x] is not a valid action" })), undefined);
  assert.equal(toolOf(step({ kind: "tool_result", content: "ok", tool: { name: "bash" } })), "bash");
});

Deno.test("distinctTools() keeps first-use order and the first spelling, ignoring case", () => {
  assert.deepEqual(distinctTools(["Search", undefined, "Lookup", "search", "Finish", "Lookup"]), [
    "Search",
    "Lookup",
    "Finish",
  ]);
});
