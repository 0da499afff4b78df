/**
 * The credit-assignment prompt: a long system prompt that stays the same across calls
 * (so the provider caches it) and the per-call rendering of one trajectory.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";
import { trajectoryText, type TrajectoryTextLimits } from "./trajectory_text.ts";

export const creditSystemPrompt = `You assign credit in the trajectories of AI agents.

A trajectory is what one agent did for one task: a numbered list of steps, each a
thought (the agent reasoning), an action or tool call (the agent acting on its
environment), an observation or tool result (what the environment answered), or a
message. It ends with an outcome: success, failure, partial or aborted, sometimes with
a score from 0 to 1.

Credit assignment answers one question: which steps earned this outcome? A key step
is one that, had the agent not taken it (or taken it differently), the outcome would
most likely have been different.

For a successful trajectory, the key steps are the decisions that made it succeed:
the search that found the right page, the lookup that surfaced the deciding fact,
the click on the right item, the final answer when it was right. For a failed or
partial trajectory, the key steps are the decisions that made it fail: the wrong
final answer, the query that sent the agent down the wrong path, the loop that
repeated an action that had already failed, the purchase of the wrong option.

Rules:
- Name between 1 and 5 key steps, by the index shown in square brackets. Name only
  indexes that appear in the trajectory.
- Prefer the agent's own decisions (thoughts, actions, tool calls) over what the
  environment answered: an observation is evidence, not a decision. Name an
  observation only when no decision explains the outcome.
- Routine steps that any run of the task would contain (resetting, the first
  obvious search) are not key unless the outcome turned on them.
- Give each key step a weight from 0 to 1: its share of the responsibility for the
  outcome. The weights need not sum to 1 exactly; they are normalised.
- Give each key step one short line saying why it was key, specific to this
  trajectory (name the fact, the item, the mistake), in at most 25 words.
- Some steps may be shortened ("[...]") or left out in the middle of a long
  trajectory; judge from what is shown and do not guess at what is hidden.

Answer only by calling the tool.`;

/** The per-call prompt and the step indexes it left out. */
export interface CreditPrompt {
  prompt: string;
  elided: number[];
}

/** Renders one trajectory as `[index] kind: content` lines under the caps. */
export function creditPrompt(trajectory: Trajectory, limits: TrajectoryTextLimits = {}): CreditPrompt {
  const { text, elided } = trajectoryText(trajectory, limits);
  return { prompt: text, elided };
}
