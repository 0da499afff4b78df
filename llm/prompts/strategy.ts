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
  description would share (name the domain and the typical goal).
- plan: 2 to 10 steps, in order, each an instruction that generalises beyond this task
  (refer to "the claim's subject", "the product's attributes", not to concrete values).
- pitfalls: 0 to 5 things that went wrong or nearly did, each with how to avoid it.

Write only what the trajectory supports. Do not invent tools the agent did not have.`;

export const strategyPrompt = (trajectory: Trajectory) => `The trajectory:\n${trajectoryText(trajectory).text}`;
