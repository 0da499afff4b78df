/**
 * Validates a candidate model in five stages (regression, benchmark, safety,
 * diversity, latency) and recommends DEPLOY, REVIEW or REJECT.
 *
 * The candidate answers every golden case, then the reference (the production model,
 * or a baseline when none is deployed) answers the same cases. The two run one after
 * the other, not side by side, so that neither's load slows the other's latencies.
 *
 * @example
 * ```ts
 * const report = await validate({
 *   candidate: endpointCandidate({ url, format: "chat-completions", model: "ft-v2" }),
 *   reference: production,
 *   referenceKind: "production",
 *   cases: goldenSuite(testExamples, pinned),
 *   thresholds: { maxP95Ms: 3_000 },
 * });
 * if (report.recommendation === "REJECT") console.log(report.reasons);
 * ```
 *
 * @module
 */
import { z } from "zod";
import { type Clock, systemClock } from "../clock.ts";
import { AtlasError } from "../errors.ts";
import { type BenchmarkReport, benchmarkStage, type ReferenceKind } from "./benchmark.ts";
import type { Candidate, GoldenCase } from "./candidate.ts";
import { type DiversityReport, diversityStage } from "./diversity.ts";
import { type LatencyReport, latencyStage } from "./latency.ts";
import { recommend, type Recommendation } from "./recommend.ts";
import { type RegressionReport, regressionStage } from "./regression.ts";
import { runCases } from "./run_cases.ts";
import { type SafetyReport, safetyStage } from "./safety.ts";
import { resolveThresholds, type Thresholds, type ThresholdsInput } from "./thresholds.ts";

export interface ValidateOptions {
  candidate: Candidate;
  /** The model the candidate would replace, or a baseline when none is deployed. */
  reference: Candidate;
  referenceKind: ReferenceKind;
  /** The golden suite, e.g. from `goldenSuite`; ids must be unique. */
  cases: readonly GoldenCase[];
  /** Times the calls and stamps the report. @default systemClock */
  clock?: Clock;
  /** @default the defaults of `thresholdsSchema` */
  thresholds?: ThresholdsInput;
  /** Calls in flight at once, per model. @default 4 */
  concurrency?: number;
}

/** Every stage's report, in the order they are judged. */
export type ValidationStages = [RegressionReport, BenchmarkReport, SafetyReport, DiversityReport, LatencyReport];

export interface ValidationReport {
  candidate: string;
  reference: string;
  referenceKind: ReferenceKind;
  recommendation: Recommendation;
  reasons: string[];
  stages: ValidationStages;
  /** How many golden cases each model answered. */
  cases: number;
  thresholds: Thresholds;
  /** Epoch ms on the injected clock. */
  startedAt: number;
  finishedAt: number;
}

const concurrencySchema = z.number().int().min(1).max(64);

/**
 * Runs the five stages. Throws E7205 for bad thresholds, concurrency or duplicate
 * case ids, and E7206 for an empty suite (nothing to judge a model on), before any
 * model is called.
 */
export async function validate(options: ValidateOptions): Promise<ValidationReport> {
  const { candidate, reference, referenceKind, cases, clock = systemClock } = options;
  const thresholds = resolveThresholds(options.thresholds ?? {});
  const concurrency = resolveConcurrency(options.concurrency ?? 4);
  checkCases(cases);

  const startedAt = clock.now();
  const candidateResults = await runCases(candidate, cases, clock, concurrency);
  const referenceResults = await runCases(reference, cases, clock, concurrency);
  const stages: ValidationStages = [
    regressionStage(candidateResults, thresholds),
    benchmarkStage(candidateResults, referenceResults, referenceKind, thresholds),
    safetyStage(candidateResults, thresholds),
    diversityStage(candidateResults, referenceResults, thresholds),
    latencyStage(candidateResults, thresholds),
  ];
  const { recommendation, reasons } = recommend(stages);
  return {
    candidate: candidate.id,
    reference: reference.id,
    referenceKind,
    recommendation,
    reasons,
    stages,
    cases: cases.length,
    thresholds,
    startedAt,
    finishedAt: clock.now(),
  };
}

function resolveConcurrency(concurrency: number): number {
  const parsed = concurrencySchema.safeParse(concurrency);
  if (!parsed.success) {
    throw new AtlasError("E7205", `invalid validation concurrency: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function checkCases(cases: readonly GoldenCase[]): void {
  if (cases.length === 0) throw new AtlasError("E7206", "validation needs at least one golden case");
  // Stages pair the candidate's and the reference's results by case id.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const golden of cases) (seen.has(golden.id) ? repeated : seen).add(golden.id);
  if (repeated.size > 0) {
    throw new AtlasError("E7205", `golden case ids must be unique; repeated: ${[...repeated].join(", ")}`);
  }
}
