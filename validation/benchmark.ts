/**
 * Stage 2, benchmark: the candidate against the model it would replace (production)
 * or, with none deployed yet, a baseline, on the same cases. It passes when its mean
 * is no more than `benchmarkTolerance` below the reference's: a new model may trade
 * a little quality for something else, a review decides whether that trade is good.
 *
 * @module
 */
import type { CaseResult } from "./run_cases.ts";
import { formatScore, meanScore, type StageReport } from "./stage.ts";
import type { Thresholds } from "./thresholds.ts";

/** What the candidate is compared with. */
export type ReferenceKind = "production" | "baseline";

export interface BenchmarkFigures {
  referenceKind: ReferenceKind;
  candidateMean: number;
  referenceMean: number;
  /** candidateMean − referenceMean. */
  delta: number;
  /** Cases the candidate scored higher, equal and lower on than the reference. */
  wins: number;
  ties: number;
  losses: number;
}

export type BenchmarkReport = StageReport<"benchmark", BenchmarkFigures>;

/** Scores this close are equal: sums of fractions differ in the last bits. */
const epsilon = 1e-9;

/** Compares the candidate's results with the reference's on the same cases (paired by case id). */
export function benchmarkStage(
  candidate: readonly CaseResult[],
  reference: readonly CaseResult[],
  referenceKind: ReferenceKind,
  thresholds: Pick<Thresholds, "benchmarkTolerance">,
): BenchmarkReport {
  const referenceScores = new Map(reference.map((result) => [result.golden.id, result.score]));
  let wins = 0, ties = 0, losses = 0;
  for (const result of candidate) {
    const difference = result.score - (referenceScores.get(result.golden.id) ?? 0);
    if (difference > epsilon) wins++;
    else if (difference < -epsilon) losses++;
    else ties++;
  }
  const candidateMean = meanScore(candidate);
  const referenceMean = meanScore(reference);
  const delta = candidateMean - referenceMean;
  const passed = delta >= -thresholds.benchmarkTolerance - epsilon;
  const errors = passed ? [] : [
    `mean score ${formatScore(candidateMean)} is more than ${formatScore(thresholds.benchmarkTolerance)} below ` +
    `the ${referenceKind} model's ${formatScore(referenceMean)}`,
  ];
  return {
    stage: "benchmark",
    passed,
    figures: { referenceKind, candidateMean, referenceMean, delta, wins, ties, losses },
    errors,
  };
}
