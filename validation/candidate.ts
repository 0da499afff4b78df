/**
 * What validation works on: a candidate model, which only has to answer an input,
 * and the golden cases it is asked, built from a dataset's test split plus the cases
 * someone pinned because a model once got them wrong.
 *
 * @module
 */
import type { TrainingExample } from "../training/example.ts";

/** A model under test (or the one it is compared with): anything that answers an input. */
export interface Candidate {
  /** Names the model in reports, e.g. `chat-completions:my-model-v2`. */
  id: string;
  answer(input: string): Promise<string>;
}

/** One question with a known good answer. */
export interface GoldenCase {
  id: string;
  input: string;
  expected: string;
  domain: string;
  /** A pinned case must pass on its own, whatever the mean: a regression there rejects the model. */
  pinned?: boolean;
  /** The score (0–1) this case needs to pass; the thresholds' `caseMinScore` when absent. */
  minScore?: number;
}

/**
 * The golden suite: every test example as a case, then the pinned cases. A pinned
 * case replaces a test example with the same id, so pinning one makes it strict
 * without asking it twice.
 */
export function goldenSuite(testExamples: readonly TrainingExample[], pinned: readonly GoldenCase[]): GoldenCase[] {
  const pinnedIds = new Set(pinned.map((golden) => golden.id));
  const fromTests = testExamples
    .filter((example) => !pinnedIds.has(example.id))
    .map((example): GoldenCase => ({
      id: example.id,
      input: example.input,
      expected: example.output,
      domain: example.domain,
    }));
  return [...fromTests, ...pinned.map((golden) => ({ ...golden, pinned: true }))];
}
