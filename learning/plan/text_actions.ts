/**
 * Agents that write their actions as text (ReAct's `Search[x]`, `Lookup[y]`,
 * `Finish[z]`; WebShop's `search[...]`, `click[...]`): the plan is the verbs in
 * order, a run of one verb being one step, each with the thought before it. A plan
 * longer than the cap is compressed (its repeated cycles folded), never cut.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { compress, type Draft } from "./compress.ts";
import { excerpt } from "./excerpt.ts";
import { isAction } from "./step_input.ts";
import { maxPlanSteps, type Plan, type PlanStep } from "./types.ts";

/** The plan of a text-action trajectory; empty when it took no action. */
export function textActionPlan(scope: string, trajectory: Trajectory): Plan {
  let steps: PlanStep[] = [];
  let thought: string | undefined;
  for (const step of trajectory.steps) {
    if (step.kind === "thought") thought = step.content;
    if (!isAction(step)) continue;
    const verb = verbOf(step);
    // A run of the same verb is one step of the plan ("click" three times is "click").
    if (steps.at(-1)?.verb !== verb) {
      steps.push({
        verb,
        example: excerpt(step.content),
        ...(thought !== undefined && { rationale: excerpt(thought) }),
      });
    }
    thought = undefined;
  }
  if (steps.length > maxPlanSteps) steps = compress(steps.map(toDraft), maxPlanSteps).map(fromDraft);
  return { shape: "text-actions", steps, signature: `${scope}|${steps.map((s) => s.verb).join(">")}` };
}

/** The action's verb: its tool's name, or the word before its argument list. */
export function verbOf(step: StepBody): string {
  if (step.tool?.name) return step.tool.name.toLowerCase();
  const head = step.content.trim().match(/^[\p{L}_][\p{L}\p{N}_ .-]*?(?=\s*[[(]|$)/u)?.[0];
  return (head && head.length <= 30 ? head : step.content.trim().split(/\s+/)[0] ?? "act").toLowerCase();
}

const toDraft = (s: PlanStep): Draft => ({
  key: s.verb,
  verb: s.verb,
  uses: new Map(),
  actions: 1,
  repeats: 1,
  example: s.example,
  rationale: s.rationale,
});

function fromDraft(d: Draft): PlanStep {
  return {
    verb: d.verb,
    example: d.example,
    ...(d.rationale !== undefined && { rationale: d.rationale }),
    ...(d.repeats > 1 && { repeats: d.repeats }),
  };
}
