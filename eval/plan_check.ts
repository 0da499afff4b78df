/**
 * Issue 11's plan check: every successful run yields a plan a later agent can follow:
 * not empty, at most `maxPlanSteps` steps. It asks `planOf`, the function learning turns
 * a success into a strategy with, about every successful run of a dataset, held out
 * or not (the held-out runs are successes of the same agent too).
 *
 * @module
 */
import { planOf } from "../learning/plan/mod.ts";
import type { Trajectory } from "../learning/trajectory.ts";

/**
 * Longest plan a later agent is handed: the bound, kept here rather than
 * imported from learning, so the check still holds learning to it if learning changes.
 */
export const maxPlanSteps = 12;

export interface PlanCheck {
  successes: number;
  empty: number;
  tooLong: number;
  /** Steps per plan; all 0 when there are no successes. */
  min: number;
  median: number;
  max: number;
  /** Up to 3 trajectory ids of each failure, to look at. */
  examples: { empty: string[]; tooLong: string[] };
  ok: boolean;
}

/** Counts the plans of `trajectories`' successes; `lengthOf` is `planOf`'s step count unless a test passes its own. */
export function checkPlans(
  trajectories: readonly Trajectory[],
  lengthOf: (t: Trajectory) => number = (t) => planOf(t).steps.length,
): PlanCheck {
  const successes = trajectories.filter((t) => t.outcome === "success");
  const lengths = successes.map((t) => ({ id: t.id, steps: lengthOf(t) }));
  const empty = lengths.filter((l) => l.steps === 0);
  const tooLong = lengths.filter((l) => l.steps > maxPlanSteps);
  const sorted = lengths.map((l) => l.steps).sort((a, b) => a - b);
  return {
    successes: successes.length,
    empty: empty.length,
    tooLong: tooLong.length,
    min: sorted[0] ?? 0,
    median: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0,
    max: sorted.at(-1) ?? 0,
    examples: { empty: empty.slice(0, 3).map((l) => l.id), tooLong: tooLong.slice(0, 3).map((l) => l.id) },
    ok: empty.length === 0 && tooLong.length === 0,
  };
}
