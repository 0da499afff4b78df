/**
 * What every stage returns, and the mean score they all compare.
 *
 * @module
 */
import type { CaseResult } from "./run_cases.ts";

export type StageName = "regression" | "benchmark" | "safety" | "diversity" | "latency";

/** One stage's verdict: its figures, and the reasons it failed (empty when it passed). */
export interface StageReport<S extends StageName, F> {
  stage: S;
  passed: boolean;
  figures: F;
  errors: string[];
}

/** The mean score of `results`; 0 for none. */
export function meanScore(results: readonly CaseResult[]): number {
  if (results.length === 0) return 0;
  let sum = 0;
  for (const result of results) sum += result.score;
  return sum / results.length;
}

/** A figure as reports print it: three decimals, enough to tell thresholds apart. */
export function formatScore(score: number): string {
  return score.toFixed(3);
}
