/**
 * Stage 5, latency: how long the candidate took to answer, as nearest-rank p50 and
 * p95 over every call (failed calls included: a timeout is the slowest answer of
 * all). It passes when p95 is within `maxP95Ms`, and p50 within `maxP50Ms` if given.
 *
 * @module
 */
import type { CaseResult } from "./run_cases.ts";
import type { StageReport } from "./stage.ts";
import type { Thresholds } from "./thresholds.ts";

export interface LatencyFigures {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  calls: number;
}

export type LatencyReport = StageReport<"latency", LatencyFigures>;

/** Judges the candidate's latencies. */
export function latencyStage(
  results: readonly CaseResult[],
  thresholds: Pick<Thresholds, "maxP95Ms" | "maxP50Ms">,
): LatencyReport {
  const latencies = results.map((result) => result.latencyMs);
  const p50Ms = nearestRank(latencies, 50);
  const p95Ms = nearestRank(latencies, 95);
  const errors: string[] = [];
  if (p95Ms > thresholds.maxP95Ms) errors.push(`p95 latency ${p95Ms} ms is above ${thresholds.maxP95Ms} ms`);
  if (thresholds.maxP50Ms !== undefined && p50Ms > thresholds.maxP50Ms) {
    errors.push(`p50 latency ${p50Ms} ms is above ${thresholds.maxP50Ms} ms`);
  }
  return {
    stage: "latency",
    passed: errors.length === 0,
    figures: { p50Ms, p95Ms, maxMs: latencies.reduce((max, ms) => Math.max(max, ms), 0), calls: latencies.length },
    errors,
  };
}

/**
 * The nearest-rank percentile: the smallest value with at least `percent`% of the
 * values at or below it, always one of the values; 0 for none.
 */
export function nearestRank(values: readonly number[], percent: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)]!;
}
