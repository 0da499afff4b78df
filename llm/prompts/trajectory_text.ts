/**
 * A trajectory as the model reads it, for every prompt that shows one: the task,
 * its family, the outcome, then one line per step, `[index] kind: content`. Long
 * steps are shortened and a long trajectory keeps its beginning and end, saying what
 * it left out, so a prompt stays within budget without hiding that something is
 * missing.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";

/** How much of a trajectory is shown. */
export interface TrajectoryTextLimits {
  /** Characters kept of each step's content. @default 400 */
  maxStepChars?: number;
  /** Characters of all the step lines together; the middle is elided past it. @default 24000 */
  maxChars?: number;
}

/** The rendering and the step indexes it left out. */
export function trajectoryText(
  trajectory: Trajectory,
  limits: TrajectoryTextLimits = {},
): { text: string; elided: number[] } {
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
    ...(trajectory.task?.family ? [`Family: ${trajectory.task.family}`] : []),
    `Outcome: ${trajectory.outcome ?? "unknown"}${trajectory.score === null ? "" : ` (score ${trajectory.score})`}`,
    `Steps (${trajectory.steps.length}):`,
  ];
  return { text: [...header, ...body].join("\n"), elided: elidedIndexes };
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
