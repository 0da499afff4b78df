/**
 * The measure: for each held-out task, is an answer from its own task family among
 * the top 3? One point of the curve per number of trajectories seen, for the memory
 * and for the baseline; the verdict holds when the memory's curve rises and beats the
 * baseline's.
 *
 * @module
 */

export interface Point {
  seen: number;
  memory: number;
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

/** Whether any of the answers' families is `family`. */
export const hit = (family: string, answers: readonly (string | null)[]) => answers.some((f) => f === family);

/** The share of `hits` that are true (0 for none). */
export const rate = (hits: readonly boolean[]) => hits.length ? hits.filter(Boolean).length / hits.length : 0;

/**
 * Rises: the last point is above the first, and the curve never falls by more than
 * `tolerance` from its running best. Beats: the memory is above the baseline at the
 * last point and on average over the points after the first.
 */
export function verdict(curve: readonly Point[], tolerance = 0.05): Verdict {
  const first = curve[0];
  const last = curve.at(-1);
  if (!first || !last || curve.length < 2) {
    return { rises: false, beatsBaseline: false, holds: false, summary: "too few points" };
  }
  let best = -Infinity;
  let steady = true;
  for (const p of curve) {
    if (p.memory < best - tolerance) steady = false;
    best = Math.max(best, p.memory);
  }
  const rises = last.memory > first.memory && steady;
  const later = curve.slice(1);
  const mean = (f: (p: Point) => number) => later.reduce((sum, p) => sum + f(p), 0) / later.length;
  const beatsBaseline = last.memory > last.baseline && mean((p) => p.memory) > mean((p) => p.baseline);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    rises,
    beatsBaseline,
    holds: rises && beatsBaseline,
    summary: `memory ${pct(first.memory)} → ${pct(last.memory)} (mean ${pct(mean((p) => p.memory))}), ` +
      `recency baseline ${pct(first.baseline)} → ${pct(last.baseline)} (mean ${pct(mean((p) => p.baseline))})`,
  };
}
