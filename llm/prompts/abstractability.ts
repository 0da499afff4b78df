/**
 * The prompt asking whether a trajectory is worth abstracting into a strategy.
 *
 * @module
 */
import type { Plan } from "../../learning/plan/mod.ts";
import type { Strategy } from "../../learning/strategy.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import { planText } from "./plan_text.ts";
import { trajectoryText } from "./trajectory_text.ts";

export const abstractabilitySystem =
  `You curate a library of strategies that AI agents retrieve before they start a task.
A strategy is a reusable way of working: when to use it, a plan of steps, and pitfalls.

You are shown one finished agent trajectory and the library's strategies most similar to it.
Decide whether this trajectory should become a NEW strategy in the library. Judge three things:

1. Novelty: does it show a way of working the similar strategies do not already capture?
   If an existing strategy already covers it, it is not novel: name that strategy's id in
   "duplicateOf" so the library can count this trajectory as more evidence for it.
2. Generalisability: would the approach help on other tasks of the same kind, or does it
   only work for this one instance (a lucky guess, a memorised answer)?
3. Complexity: is there enough to learn? A single trivial action is not a strategy; a
   flailing trajectory that succeeded by accident is not one either.

Judge the compressed plan shown with the trajectory, not the run's raw length: a shell or
tool-calling run of dozens of actions compresses to a few phases (explore, reproduce, edit,
verify, submit) or tool steps, and is neither too simple nor too particular for being long.

A failed trajectory is never abstractable as a strategy (its errors are learned elsewhere).
Score each criterion from 0 to 1, answer abstractable true only if all three are good,
and give your reasoning in two or three sentences a human curator can check.`;

export function abstractabilityPrompt(trajectory: Trajectory, plan: Plan, similar: readonly Strategy[]): string {
  const library = similar.length
    ? similar.map((s) => `- id ${s.id}: ${s.title}\n  when: ${s.whenToUse}\n  plan: ${s.plan.join(" / ")}`).join("\n")
    : "(the library has nothing similar yet)";
  const actions = trajectory.steps.filter((s) => s.kind === "action" || s.kind === "tool_call").length;
  return `Similar strategies already in the library:\n${library}\n\nIts compressed plan:\n${
    planText(plan, actions)
  }\n\nThe trajectory:\n${trajectoryText(trajectory).text}`;
}
