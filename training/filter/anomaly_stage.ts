/**
 * The anomaly stage: an Isolation Forest fitted on the examples still in the running
 * plus those already kept (so the forest knows what the dataset looks like), scoring
 * only the former. Skipped, and the stats say why, when disabled or when there are too
 * few examples for "unusual" to mean anything.
 *
 * @module
 */
import type { TrainingExample } from "../example.ts";
import type { FilterConfig } from "./config.ts";
import { exampleFeatures } from "./features.ts";
import { IsolationForest } from "./isolation_forest.ts";

export interface AnomalyStats {
  ran: boolean;
  /** Why it did not run. */
  reason?: string;
  threshold: number;
  /** The highest score among the candidates scored. */
  maxScore?: number;
}

export interface AnomalyStageResult {
  /** Per candidate, in order; absent when the stage did not run. */
  scores?: Float64Array;
  stats: AnomalyStats;
}

/** Scores `candidates` with a forest fitted on them and `kept`. */
export function runAnomalyStage(
  candidates: readonly TrainingExample[],
  kept: readonly TrainingExample[],
  config: FilterConfig["anomaly"],
): AnomalyStageResult {
  const { threshold } = config;
  const examples = candidates.length + kept.length;
  if (!config.enabled) return { stats: { ran: false, reason: "disabled", threshold } };
  if (candidates.length === 0) return { stats: { ran: false, reason: "no candidates left to score", threshold } };
  if (examples < config.minExamples) {
    const reason = `${examples} examples (candidates left and kept), fewer than minExamples ${config.minExamples}`;
    return { stats: { ran: false, reason, threshold } };
  }
  const rows = candidates.map(exampleFeatures);
  const forest = IsolationForest.fit([...rows, ...kept.map(exampleFeatures)], config);
  const scores = forest.scoreAll(rows);
  // A loop, not Math.max(...scores): spreading 100,000 arguments overflows the stack.
  const maxScore = scores.reduce((max, score) => Math.max(max, score), 0);
  return { scores, stats: { ran: true, threshold, maxScore } };
}
