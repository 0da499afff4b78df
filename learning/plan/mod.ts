/**
 * A trajectory's plan, for every kind of agent: what it did, in order, abstracted
 * from the instance, each step with a concrete example and the reasoning before
 * it, at most 12 steps however long the run. `agentShape` says which kind of agent
 * it is and one file per shape says how its plan is read:
 *
 * - `code.ts`: the program is the answer (Voyager's skills): its comments;
 * - `shell.ts`: phases (explore, reproduce, edit, verify, submit) with their programs;
 * - `tool_calling.ts`: tools with their salient arguments (and the conversation's turns);
 * - `text_actions.ts`: ReAct's verbs (`Search`, `Lookup`, `click`).
 *
 * The signature (`<family or domain>|<the shape's form>`) is how two trajectories
 * that worked the same way are recognised: it decides whether a success makes a
 * new strategy or reinforces one.
 *
 * @example
 * ```ts
 * const plan = planOf(trajectory);
 * plan.steps.map((step) => describeStep(step, plan.shape)); // ["explore: find, grep -r, cat", "edit ×2: sed -i", ...]
 * ```
 *
 * @module
 */
import type { Trajectory } from "../trajectory.ts";
import { codePlan } from "./code.ts";
import { agentShape } from "./shape.ts";
import { scopeOf } from "./scope.ts";
import { shellPlan } from "./shell.ts";
import { textActionPlan } from "./text_actions.ts";
import { toolCallingPlan } from "./tool_calling.ts";
import type { AgentShape, Plan, PlanStep } from "./types.ts";

export { capitalise, excerpt } from "./excerpt.ts";
export { agentShape } from "./shape.ts";
export { verbOf } from "./text_actions.ts";
export { type AgentShape, maxPlanSteps, type Plan, type PlanStep } from "./types.ts";

/** The plan of a trajectory; empty when it took no action. */
export function planOf(trajectory: Trajectory): Plan {
  const scope = scopeOf(trajectory);
  switch (agentShape(trajectory)) {
    case "code":
      return codePlan(scope, trajectory);
    case "shell":
      return shellPlan(scope, trajectory);
    case "tool-calling":
      return toolCallingPlan(scope, trajectory);
    case "text-actions":
      return textActionPlan(scope, trajectory);
  }
}

/** A step as a strategy lists it: `search`, `explore: find, grep -r`, `get_order_details(order_id) ×3`. */
export function describeStep(step: PlanStep, shape: AgentShape): string {
  const times = step.repeats && step.repeats > 1 ? ` ×${step.repeats}` : "";
  if (!step.uses?.length) return `${step.verb}${times}`;
  // A phase lists its programs; a tool step's uses are its tools with their arguments.
  return shape === "shell" ? `${step.verb}${times}: ${step.uses.join(", ")}` : `${step.uses.join(", ")}${times}`;
}
