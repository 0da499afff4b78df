/**
 * Stage 1, regression: the candidate must still answer the golden suite. The mean
 * score must reach `minMeanScore`, and every pinned case its own pass mark, since a
 * pinned case records a mistake that must not come back however good the mean is.
 * Unpinned cases below their mark are counted and listed but fail nothing alone.
 *
 * @module
 */
import type { CaseResult } from "./run_cases.ts";
import { formatScore, meanScore, type StageReport } from "./stage.ts";
import type { Thresholds } from "./thresholds.ts";

export interface RegressionFigures {
  meanScore: number;
  passed: number;
  failed: number;
  /** Cases below their pass mark, pinned or not, in suite order. */
  failingCases: string[];
  failingPinnedCases: string[];
  /** Cases whose call threw (each also counts as failed, with score 0). */
  erroredCases: string[];
}

export type RegressionReport = StageReport<"regression", RegressionFigures>;

/** Judges the candidate's results on the golden suite. */
export function regressionStage(
  results: readonly CaseResult[],
  thresholds: Pick<Thresholds, "minMeanScore" | "caseMinScore">,
): RegressionReport {
  const failing = results.filter((result) => result.score < (result.golden.minScore ?? thresholds.caseMinScore));
  const failingPinned = failing.filter((result) => result.golden.pinned === true);
  const mean = meanScore(results);
  const errors: string[] = [];
  if (mean < thresholds.minMeanScore) {
    errors.push(`mean score ${formatScore(mean)} is below ${formatScore(thresholds.minMeanScore)}`);
  }
  for (const result of failingPinned) {
    const mark = result.golden.minScore ?? thresholds.caseMinScore;
    errors.push(`pinned case ${result.golden.id} scored ${formatScore(result.score)}, below ${formatScore(mark)}`);
  }
  return {
    stage: "regression",
    passed: errors.length === 0,
    figures: {
      meanScore: mean,
      passed: results.length - failing.length,
      failed: failing.length,
      failingCases: failing.map((result) => result.golden.id),
      failingPinnedCases: failingPinned.map((result) => result.golden.id),
      erroredCases: results.filter((result) => result.error !== null).map((result) => result.golden.id),
    },
    errors,
  };
}
