/**
 * Error learning: the failed steps of trajectories (`errorSignals`), their templates
 * (`normaliseError`), and recurring ones clustered into error patterns with a
 * signature, a frequency and a suggested fix (`clusterErrors`, `suggestFixes`).
 *
 * @example
 * ```ts
 * const occurrences = trajectories.flatMap((t) => errorOccurrences(t));
 * const patterns = await suggestFixes(clusterErrors(occurrences), llm);
 * patterns.filter((p) => new RegExp(p.signature).test(observation));
 * ```
 *
 * @module
 */
export { actionText, type DetectOptions, errorOccurrences, type ErrorSignal, errorSignals } from "./detect.ts";
export { errorMarker, errorMarkers, type Marker, type Strength } from "./markers.ts";
export { normaliseError, type NormaliseOptions } from "./normalise.ts";
export { buildSignature } from "./signature.ts";
export {
  clusterErrors,
  type ClusterOptions,
  type ErrorExample,
  type ErrorOccurrence,
  type ErrorPatternDraft,
} from "./cluster.ts";
export { type ErrorFixAnswer, errorFixAnswerSchema, suggestFixes, type SuggestFixOptions } from "./suggest_fix.ts";
