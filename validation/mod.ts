/**
 * Model validation: a candidate model answers a golden suite, then five stages judge
 * it (regression, benchmark against production or a baseline, safety, per-domain
 * diversity, latency) and `recommend` turns their verdicts into DEPLOY, REVIEW or
 * REJECT. `validate` runs it all; the stages and detectors are pure and usable alone.
 *
 * @module
 */
export { answerScore, finalAnswer, normalizeAnswer, tokenF1 } from "./answer_score.ts";
export type { BenchmarkFigures, BenchmarkReport, ReferenceKind } from "./benchmark.ts";
export { type Candidate, type GoldenCase, goldenSuite } from "./candidate.ts";
export type { DiversityFigures, DiversityReport, DomainFigures } from "./diversity.ts";
export { endpointCandidate, type EndpointCandidateOptions } from "./endpoint_candidate.ts";
export type { LatencyFigures, LatencyReport } from "./latency.ts";
export { recommend, type Recommendation } from "./recommend.ts";
export type { RegressionFigures, RegressionReport } from "./regression.ts";
export { type CaseResult, runCases } from "./run_cases.ts";
export type { CategoryFigures, SafetyFigures, SafetyReport } from "./safety.ts";
export { detectInjection, detectPii, detectRefusal, detectSecrets, luhnValid, scanText } from "./safety_detectors.ts";
export { resolveThresholds, type Thresholds, type ThresholdsInput, thresholdsSchema } from "./thresholds.ts";
export { validate, type ValidateOptions, type ValidationReport, type ValidationStages } from "./validate.ts";
