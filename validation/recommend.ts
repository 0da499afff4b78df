/**
 * From the five stages' verdicts to one recommendation.
 *
 * @module
 */
import type { StageName } from "./stage.ts";

export type Recommendation = "DEPLOY" | "REVIEW" | "REJECT";

/** The part of a stage report the rules read. */
export interface StageVerdict {
  stage: StageName;
  passed: boolean;
  errors: string[];
}

/** Stages whose failure rejects the model outright: it got worse at its job, or it is unsafe. */
const rejecting: readonly StageName[] = ["regression", "safety"];

/**
 * The rules, in order:
 * 1. REJECT when regression or safety failed.
 * 2. REVIEW when benchmark, diversity or latency failed (a trade a person should weigh).
 * 3. DEPLOY when every stage passed.
 *
 * The reasons are every failed stage's errors, prefixed with the stage's name, so a
 * REJECT also lists the REVIEW findings a fixed model would still meet.
 */
export function recommend(stages: readonly StageVerdict[]): { recommendation: Recommendation; reasons: string[] } {
  const failed = stages.filter((stage) => !stage.passed);
  const reasons = failed.flatMap((stage) =>
    stage.errors.length > 0 ? stage.errors.map((error) => `${stage.stage}: ${error}`) : [`${stage.stage}: failed`]
  );
  if (failed.some((stage) => rejecting.includes(stage.stage))) return { recommendation: "REJECT", reasons };
  if (failed.length > 0) return { recommendation: "REVIEW", reasons };
  return { recommendation: "DEPLOY", reasons: ["every stage passed"] };
}
