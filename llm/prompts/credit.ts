/**
 * The credit-assignment prompt: a long system prompt that stays the same across calls
 * (so the provider caches it) and the per-call rendering of one trajectory.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";

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

/** How much of a trajectory the per-call prompt shows. */
export interface CreditPromptLimits {
  /** Characters kept of each step's content. @default 400 */
  maxStepChars?: number;
  /** Characters of all the step lines together; the middle is elided past it. @default 24000 */
  maxChars?: number;
}

/** The per-call prompt and the step indexes it left out. */
export interface CreditPrompt {
  prompt: string;
  elided: number[];
}

/** Renders one trajectory as `[index] kind: content` lines under the caps. */
export function creditPrompt(trajectory: Trajectory, limits: CreditPromptLimits = {}): CreditPrompt {
  const maxStepChars = limits.maxStepChars ?? 400;
  const maxChars = limits.maxChars ?? 24_000;
  const lines = trajectory.steps.map((step) =>
    `[${step.index}] ${step.kind}${flag(step)}: ${cap(step.content, maxStepChars)}`
  );
  const { shown, elided } = keepEnds(lines, maxChars);
  const elidedIndexes = elided.map((p) => trajectory.steps[p]!.index);
  const note = elisionNote(elidedIndexes, elided.reduce((n, p) => n + lines[p]!.length, 0));
  const body = shown.map((line) => line ?? note);
  const header = [
    `Task: ${trajectory.task?.description ?? "(not given)"}`,
    `Outcome: ${trajectory.outcome ?? "unknown"}${trajectory.score === null ? "" : ` (score ${trajectory.score})`}`,
    `Steps (${trajectory.steps.length}):`,
  ];
  return { prompt: [...header, ...body].join("\n"), elided: elidedIndexes };
}

const flag = (step: Trajectory["steps"][number]) =>
  step.status === "error" || step.error !== undefined ? " (error)" : "";

/** One line, at most `max` characters, marking the cut so the model knows text is missing. */
function cap(content: string, max: number): string {
  const line = content.trim().replace(/\s+/g, " ");
  return line.length > max ? `${line.slice(0, Math.max(0, max - 6))} [...]` : line;
}

/**
 * Keeps lines from both ends until the budget is spent: the start says what the agent
 * set out to do, the end how it finished, and the middle is where long runs loop.
 * Returns the kept lines with one `undefined` where the elided run was, and the
 * positions elided.
 */
function keepEnds(lines: string[], budget: number): { shown: (string | undefined)[]; elided: number[] } {
  const total = lines.reduce((n, line) => n + line.length + 1, 0);
  if (total <= budget) return { shown: lines, elided: [] };
  let head = 0, tail = lines.length, used = 0;
  // Alternate ends so neither side starves the other.
  for (let fromHead = true; head < tail; fromHead = !fromHead) {
    const next = fromHead ? head : tail - 1;
    const cost = lines[next]!.length + 1;
    if (used + cost > budget) break;
    used += cost;
    if (fromHead) head++;
    else tail--;
  }
  const elided = Array.from({ length: tail - head }, (_, k) => head + k);
  return { shown: [...lines.slice(0, head), undefined, ...lines.slice(tail)], elided };
}

function elisionNote(indexes: number[], chars: number): string {
  const range = indexes.length === 1 ? `step ${indexes[0]}` : `steps ${indexes[0]}–${indexes.at(-1)}`;
  return `[... ${range} elided: ${indexes.length} steps, ${chars} characters ...]`;
}
