/**
 * The measure: for each held-out task, is an answer from its own task family among
 * the top 3? One point of the curve per number of trajectories seen, for the memory
 * and for the baseline; the verdict holds when the memory's curve rises and beats the
 * baseline's, and the goal when the last point reaches `minHitRate` and `minRatio`
 * times the baseline.
 *
 * @module
 */

export interface Point {
  /** Trajectories of the whole fleet replayed so far. */
  seen: number;
  memory: number;
  /** The baseline the goal is judged against (see `baseline.ts`). */
  baseline: number;
  /** The memory's hit rate per family. */
  byFamily: Record<string, number>;
}

export interface Verdict {
  rises: boolean;
  beatsBaseline: boolean;
  holds: boolean;
  summary: string;
}

/** Issue 11's goal for each held-out set. */
export interface Goal {
  /** @default 0.6 */
  minHitRate: number;
  /** @default 1.5 */
  minRatio: number;
}

export const defaultGoal: Goal = { minHitRate: 0.6, minRatio: 1.5 };

export interface Judgement {
  met: boolean;
  memory: number;
  baseline: number;
  /** memory / baseline; Infinity when the baseline is 0. */
  ratio: number;
  /** Whether `minRatio` × the baseline is at most 100%: whether any memory could meet the goal. */
  reachable: boolean;
}

/** Whether any of the answers' families is `family`. */
export const hit = (family: string, answers: readonly (string | null)[]) => answers.some((f) => f === family);

/** The share of `hits` that are true (0 for none). */
export const rate = (hits: readonly boolean[]) => hits.length ? hits.filter(Boolean).length / hits.length : 0;

/** The mean of `f` over the points after the first (the first is before anything is seen). */
export function meanAfterFirst(curve: readonly Point[], f: (p: Point) => number): number {
  const later = curve.slice(1);
  return later.length ? later.reduce((sum, p) => sum + f(p), 0) / later.length : 0;
}

/**
 * Rises: the last point is above the first, and within `tolerance` of the best
 * point: the memory ends as good as it has been. A dip on the way is not held
 * against it (per dataset, the early points rest on a handful of its runs). Beats:
 * the memory is above the baseline at the last point and on average over the points
 * after the first. Pass one held-out question's worth (1/n) as the tolerance for a
 * small set: one answer changing is not a fall.
 */
export function verdict(curve: readonly Point[], tolerance = 0.05): Verdict {
  const first = curve[0];
  const last = curve.at(-1);
  if (!first || !last || curve.length < 2) {
    return { rises: false, beatsBaseline: false, holds: false, summary: "too few points" };
  }
  const best = Math.max(...curve.map((p) => p.memory));
  const rises = last.memory > first.memory && last.memory >= best - tolerance - 1e-9;
  const mean = (f: (p: Point) => number) => meanAfterFirst(curve, f);
  const beatsBaseline = last.memory > last.baseline && mean((p) => p.memory) > mean((p) => p.baseline);
  return {
    rises,
    beatsBaseline,
    holds: rises && beatsBaseline,
    summary: `memory ${pct(first.memory)} → ${pct(last.memory)} (mean ${pct(mean((p) => p.memory))}), ` +
      `recency baseline ${pct(first.baseline)} → ${pct(last.baseline)} (mean ${pct(mean((p) => p.baseline))})`,
  };
}

/** The goal at the curve's last point: what the memory gives once it has seen every run. */
export function judge(curve: readonly Point[], goal: Goal = defaultGoal): Judgement {
  const last = curve.at(-1);
  if (!last) return { met: false, memory: 0, baseline: 0, ratio: 0, reachable: false };
  const ratio = last.baseline > 0 ? last.memory / last.baseline : Infinity;
  return {
    // A hair under the bar by rounding (0.9 / 0.6) is on it.
    met: last.memory >= goal.minHitRate && ratio >= goal.minRatio - 1e-9,
    memory: last.memory,
    baseline: last.baseline,
    ratio,
    reachable: last.baseline * goal.minRatio <= 1,
  };
}

/** A rate as a percentage with one decimal. */
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
