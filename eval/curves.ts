/**
 * From the memory's answers at each checkpoint to one curve per dataset (= per agent
 * shape): the memory's hit rate on that dataset's held-out questions, and both recency
 * baselines over the same stretch of the stream. Pure: the answers are data.
 *
 * The goal's baseline is the stronger recency that measures something: the agent's
 * own 3 most recent runs when its dataset has two families or more, the fleet's when
 * it has one (the agent's own would then be 100% by construction: a hit is a family
 * match, and every run of a one-family agent matches).
 *
 * @module
 */
import { recencyRate, type Scope } from "./baseline.ts";
import { type Point, rate } from "./hit_rate.ts";
import type { Stratified } from "./split.ts";

export interface DatasetPoint extends Point {
  /** This dataset's trajectories replayed so far. */
  own: number;
  /** The fleet recency baseline. */
  fleet: number;
  /** The agent's own recency baseline. */
  agent: number;
}

/** A held-out question and whether the memory's top 3 had its family, at one checkpoint. */
export interface Answer {
  question: Stratified;
  hit: boolean;
}

export interface Checkpoint {
  seen: number;
  answers: Answer[];
}

/** 0, 25, 50, 100, 200… doubling while below `total`, then `total`. */
export function checkpointsFor(total: number): number[] {
  const points = [0];
  for (let next = 25; next < total; next *= 2) points.push(next);
  if (total > 0) points.push(total);
  return points;
}

/** The baseline the goal is judged against, from the number of families the dataset has. */
export const goalScope = (families: number): Scope => families >= 2 ? "agent" : "fleet";

/** `dataset`'s curve: one point per checkpoint, over its own held-out questions. */
export function curveOf(
  dataset: string,
  scope: Scope,
  stream: readonly Stratified[],
  checkpoints: readonly Checkpoint[],
): DatasetPoint[] {
  const cache = new Map<string, number>();
  // Every question of one family gets the same baseline over a stretch: compute it once.
  const baseline = (q: Stratified, from: number, to: number, s: Scope) => {
    const key = `${s}\u0000${q.family}\u0000${from}\u0000${to}`;
    if (!cache.has(key)) cache.set(key, recencyRate(stream, q, from, to, s));
    return cache.get(key)!;
  };
  let previous = 0;
  return checkpoints.map(({ seen, answers }) => {
    const mine = answers.filter((a) => a.question.dataset === dataset);
    const mean = (s: Scope) =>
      mine.length ? mine.reduce((sum, a) => sum + baseline(a.question, previous, seen, s), 0) / mine.length : 0;
    const byFamily = new Map<string, boolean[]>();
    for (const a of mine) {
      const family = a.question.family ?? "";
      byFamily.set(family, [...(byFamily.get(family) ?? []), a.hit]);
    }
    const fleet = mean("fleet");
    const agent = mean("agent");
    const point: DatasetPoint = {
      seen,
      own: stream.slice(0, seen).filter((r) => r.dataset === dataset).length,
      memory: rate(mine.map((a) => a.hit)),
      baseline: scope === "agent" ? agent : fleet,
      fleet,
      agent,
      byFamily: Object.fromEntries(
        [...byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([family, hits]) => [family, rate(hits)]),
      ),
    };
    previous = seen;
    return point;
  });
}
