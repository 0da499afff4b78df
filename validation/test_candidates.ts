/**
 * Candidates and cases for tests: a candidate that answers from a script and takes
 * as long as told by advancing a ManualClock, so latency is tested without timing.
 *
 * @module
 */
import type { ManualClock } from "../clock.ts";
import type { Candidate, GoldenCase } from "./candidate.ts";

export interface ScriptedCandidateOptions {
  /** The answer to an input; an Error is thrown instead. Unscripted inputs get `""`. */
  answers: Record<string, string | Error>;
  /** Advanced by `latencyMs(input)` during each call. */
  clock?: ManualClock;
  /** @default 100 ms for every input */
  latencyMs?: (input: string) => number;
}

/** A candidate answering from `answers`. */
export function scriptedCandidate(id: string, options: ScriptedCandidateOptions): Candidate {
  const { answers, clock, latencyMs = () => 100 } = options;
  return {
    id,
    answer(input) {
      clock?.advance(latencyMs(input));
      const answer = answers[input] ?? "";
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

/** A case asking `question <id>` and expecting `answer <id>`, in the general domain unless told. */
export function golden(id: string, fields: Partial<GoldenCase> = {}): GoldenCase {
  return { id, input: `question ${id}`, expected: `answer ${id}`, domain: "general", ...fields };
}

/** The script that answers every case as expected. */
export function perfectAnswers(cases: readonly GoldenCase[]): Record<string, string> {
  return Object.fromEntries(cases.map((c) => [c.input, c.expected]));
}
