import assert from "node:assert/strict";
import { planOf } from "../../learning/plan/mod.ts";
import { sweAgentActions, sweAgentRun } from "../../learning/plan/testdata/swe_agent_run.ts";
import { abstractabilityPrompt } from "./abstractability.ts";
import { planText } from "./plan_text.ts";
import { strategyPrompt } from "./strategy.ts";

Deno.test("planText() shows the compressed plan, its kind of agent and how many actions it came from", () => {
  const text = planText(planOf(sweAgentRun()), sweAgentActions.length);
  assert.match(text, /^Agent kind: shell; 5 plan steps from 44 actions\n1\. explore: ls, find_file/);
  assert.match(text, /\n3\. edit ×5: .+ \(e\.g\. edit 245:245\)\n/);
});

Deno.test("the abstractability and strategy prompts carry the compressed plan before the trajectory", () => {
  const trajectory = sweAgentRun();
  const prompt = abstractabilityPrompt(trajectory, planOf(trajectory), []);
  assert.ok(prompt.indexOf("Its compressed plan:\nAgent kind: shell") < prompt.indexOf("The trajectory:"));
  assert.match(
    strategyPrompt(trajectory, ["1. explore: find"]),
    /^Its compressed plan:\n1\. explore: find\n\nThe trajectory:/,
  );
  assert.match(strategyPrompt(trajectory), /^The trajectory:/);
});
