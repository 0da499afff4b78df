/**
 * The recency baseline: answer every question with the 3 most recent trajectories,
 * whatever it asks. It does not read the question, so it is what the memory has to
 * beat to show that retrieval, not chance, finds the right knowledge.
 *
 * Measured once per checkpoint, as the first eval did, it is a coin toss: one window
 * of 3 answers every question, so a dataset alone in its family scores 0% or 100% by
 * luck. Here each question is asked at every moment since the previous checkpoint (after
 * each trajectory replayed), and the hits are averaged: the rate a question arriving
 * at a random moment of that stretch would get. It is computed from the replay order
 * itself, so it is exact and deterministic for a seed.
 *
 * Two scopes:
 * - `fleet`: the 3 most recent trajectories of the whole fleet, as
 *   `GET /v1/trajectories?state=completed&limit=3` gives them. Its rate follows the
 *   dataset's share of the fleet.
 * - `agent`: the 3 most recent of the asking agent's own dataset: an agent that keeps
 *   its own last runs. Stronger whenever a dataset has several families; 100% by
 *   construction when it has one, where it measures nothing.
 *
 * @module
 */
import { hit } from "./hit_rate.ts";
import type { Stratified } from "./split.ts";

export type Scope = "fleet" | "agent";

/** Most recent answers given. */
export const recentCount = 3;

/**
 * The share of the moments after stream positions `from + 1 … to` at which the
 * `scope`'s 3 most recent trajectories include `question`'s family; 0 when the
 * stretch is empty (nothing seen yet).
 */
export function recencyRate(
  stream: readonly Stratified[],
  question: Stratified,
  from: number,
  to: number,
  scope: Scope,
): number {
  if (question.family === null || to <= from) return 0;
  const recent: (string | null)[] = [];
  let hits = 0;
  for (let p = 0; p < to; p++) {
    const run = stream[p]!;
    if (scope === "fleet" || run.dataset === question.dataset) {
      recent.push(run.family);
      if (recent.length > recentCount) recent.shift();
    }
    if (p >= from && hit(question.family, recent)) hits++;
  }
  return hits / (to - from);
}
