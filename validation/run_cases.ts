/**
 * Asks a candidate every golden case and records what happened: the answer, its
 * score, how long the call took and, when it threw, why. A failing call is a failed
 * case (score 0), never a failed validation: a model that errors is a bad model.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { answerScore } from "./answer_score.ts";
import type { Candidate, GoldenCase } from "./candidate.ts";

/** One case as a candidate answered it. */
export interface CaseResult {
  golden: GoldenCase;
  /** `""` when the call threw. */
  answer: string;
  /** 0–1, from `answerScore`; 0 when the call threw. */
  score: number;
  /** Read on the injected clock before and after the call. */
  latencyMs: number;
  /** The thrown error's message; null when the call answered. */
  error: string | null;
}

/**
 * Calls `candidate` on every case, at most `concurrency` at once, and returns the
 * results in the cases' order. Latency is the clock's difference around each call,
 * so concurrent calls on a clock shared with the candidate (a ManualClock the
 * candidate advances) see each other's advances: such tests run with concurrency 1.
 * There is no time limit here; a candidate that can hang must carry its own
 * (`endpointCandidate` does).
 */
export async function runCases(
  candidate: Candidate,
  cases: readonly GoldenCase[],
  clock: Clock,
  concurrency = 4,
): Promise<CaseResult[]> {
  const results = new Array<CaseResult>(cases.length);
  let next = 0;
  // Workers take the next unasked case until none is left: at most `concurrency`
  // calls are in flight, and a slow case does not hold back the others.
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(candidate, cases[index]!, clock);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return results;
}

async function runCase(candidate: Candidate, golden: GoldenCase, clock: Clock): Promise<CaseResult> {
  const started = clock.now();
  try {
    const answer = await candidate.answer(golden.input);
    const latencyMs = clock.now() - started;
    return { golden, answer, score: answerScore(answer, golden.expected), latencyMs, error: null };
  } catch (error) {
    const latencyMs = clock.now() - started;
    const message = error instanceof Error ? error.message : String(error);
    return { golden, answer: "", score: 0, latencyMs, error: message };
  }
}
