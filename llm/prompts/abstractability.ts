/**
 * The prompt asking whether a trajectory is worth abstracting into a strategy.
 *
 * @module
 */
import type { Strategy } from "../../learning/strategy.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
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

A failed trajectory is never abstractable as a strategy (its errors are learned elsewhere).
Score each criterion from 0 to 1, answer abstractable true only if all three are good,
and give your reasoning in two or three sentences a human curator can check.`;

export function abstractabilityPrompt(trajectory: Trajectory, similar: readonly Strategy[]): string {
  const library = similar.length
    ? similar.map((s) => `- id ${s.id}: ${s.title}\n  when: ${s.whenToUse}\n  plan: ${s.plan.join(" / ")}`).join("\n")
    : "(the library has nothing similar yet)";
  return `Similar strategies already in the library:\n${library}\n\nThe trajectory:\n${
    trajectoryText(trajectory).text
  }`;
}
