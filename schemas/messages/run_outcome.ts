/**
 * The outcome of an imported run, by one rule:
 *
 * 1. the run's own `outcome` (`success`, `failure`, `partial`, `aborted`);
 * 2. else its 0–1 `score`, or else its `reward` when that is within 0–1: 1 is a
 *    `success`, 0 a `failure`, anything between `partial` (the rule the project's
 *    own WebShop and tau2 data follow);
 * 3. else the caller's default (the importer's `--outcome`);
 * 4. else an E7034 asking for `--outcome`.
 *
 * A 0–1 score or reward found on the way is kept as the trajectory's `score`; a
 * reward of another scale says nothing of the outcome and is only kept in the
 * metadata.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { type Outcome, outcomes } from "../trajectory.ts";

/** What decides a run's outcome. */
export interface RunVerdict {
  outcome?: unknown;
  score?: unknown;
  reward?: unknown;
}

export interface RunOutcome {
  outcome: Outcome;
  score?: number;
}

const isOutcome = (value: unknown): value is Outcome => (outcomes as readonly unknown[]).includes(value);
const isUnit = (value: unknown): value is number => typeof value === "number" && value >= 0 && value <= 1;

/** The run's outcome and 0–1 score by the rule above. Throws E7034. */
export function runOutcome(run: RunVerdict, fallback?: Outcome): RunOutcome {
  if (run.outcome !== undefined && run.outcome !== null && !isOutcome(run.outcome)) {
    throw invalid("outcome", `outcome must be one of ${outcomes.join(", ")}, got ${JSON.stringify(run.outcome)}`);
  }
  if (run.score !== undefined && run.score !== null && !isUnit(run.score)) {
    throw invalid("score", "score must be a number from 0 to 1 (a reward of another scale goes in reward)");
  }
  if (run.reward !== undefined && run.reward !== null && (typeof run.reward !== "number" || !isFinite(run.reward))) {
    throw invalid("reward", "reward must be a number");
  }
  const score = isUnit(run.score) ? run.score : isUnit(run.reward) ? run.reward : undefined;
  const scored = score === undefined ? {} : { score };
  if (isOutcome(run.outcome)) return { outcome: run.outcome, ...scored };
  if (score !== undefined) return { outcome: score >= 1 ? "success" : score <= 0 ? "failure" : "partial", ...scored };
  if (fallback) return { outcome: fallback };
  throw invalid(
    "outcome",
    "the run has no outcome, and no 0–1 score or reward to take one from: " +
      `pass --outcome ${outcomes.join("|")}`,
  );
}

const invalid = (path: string, message: string) => new AtlasError("E7034", message, { details: { path } });
