/**
 * What a plan is, whatever kind of agent made it: steps in order, each with a
 * concrete example, and a signature that is the same for two trajectories that
 * worked the same way (it decides whether a success makes a new strategy or
 * reinforces one).
 *
 * @module
 */

/**
 * The kind of agent a trajectory comes from, read from its steps (see `shape.ts`):
 *
 * - `code`: its answer is a program it wrote (a Voyager skill);
 * - `shell`: it works through a shell and file-editing tools (a repository fixer, a CTF solver);
 * - `tool-calling`: it calls tools with structured arguments (a customer-service agent, a data agent);
 * - `text-actions`: it writes actions as text, `Search[x]`, `click[Buy Now]` (ReAct).
 */
export type AgentShape = "code" | "shell" | "tool-calling" | "text-actions";

export interface PlanStep {
  /** The step's verb: a text action's verb, a tool's name, a shell phase (`explore`, `edit`...), or `code`. */
  verb: string;
  /** A concrete action of the step, one line, shortened. */
  example: string;
  /** The reasoning the agent gave before it, if any, shortened. */
  rationale?: string;
  /** What the step used, in order of first use: a shell phase's programs, a tool step's tools and arguments. */
  uses?: string[];
  /** How many times the step happened: a tool called so often in a row, a folded edit/verify cycle's rounds. */
  repeats?: number;
}

export interface Plan {
  shape: AgentShape;
  steps: PlanStep[];
  /** Stable across trajectories that worked the same way: `<family or domain>|<shape's form>`. */
  signature: string;
}

/** Most plan steps: longer runs are compressed to this many, never cut. */
export const maxPlanSteps = 12;
