/**
 * The prompt asking the model to write a strategy from an abstractable trajectory.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";
import { trajectoryText } from "./trajectory_text.ts";

export const strategySystem = `You write strategies for a library that AI agents retrieve before they start a task.
From one successful agent trajectory, write the reusable way of working it shows, so that an
agent facing a similar but different task can follow it.

- title: a short imperative name for the approach (at most 10 words), not the specific task.
- whenToUse: one or two sentences describing the kind of task it fits, in words a new task
  description would share: name the domain, the typical goal, and the component, product,
  file or tool such tasks name.
- plan: 2 to 12 steps, in order, following the compressed plan you are given (its phases or
  tool steps; a long run's repeated cycles are one step), each an instruction that
  generalises beyond this task (refer to "the claim's subject", "the failing test", "the
  product's attributes", not to concrete values); keep a concrete command or call as an
  example where it helps.
- pitfalls: 0 to 5 things that went wrong or nearly did, each with how to avoid it.

Write only what the trajectory supports. Do not invent tools the agent did not have.`;

/** The trajectory, after its compressed plan as the heuristic strategy wrote it. */
export const strategyPrompt = (trajectory: Trajectory, plan: readonly string[] = []) =>
  `${plan.length ? `Its compressed plan:\n${plan.join("\n")}\n\n` : ""}The trajectory:\n${
    trajectoryText(trajectory).text
  }`;
