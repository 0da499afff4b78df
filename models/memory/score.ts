/**
 * The memory job's own held-out figure: exact match and token F1 (validation's
 * SQuAD-style normalisation and F1), compared on the final answer. Here a ReAct
 * run's answer is the argument of its last `Finish[...]` (a FEVER verdict), since the
 * steps before it differ however right the verdict is; any other text is compared
 * whole, as a WebShop run's shopping path is its answer.
 *
 * @module
 */
import { normalizeAnswer, tokenF1 } from "../../validation/answer_score.ts";

export interface AnswerScore {
  /** 1 when the normalised final answers are equal, else 0. */
  exact: number;
  /** Harmonic mean of token precision and recall, 0–1. */
  f1: number;
}

const finishPattern = /Finish\[([^\]]*)\]/g;

/** The argument of the last `Finish[...]`, or the whole text when there is none. */
export function finalAnswer(text: string): string {
  return [...text.matchAll(finishPattern)].at(-1)?.[1] ?? text;
}

/** `prediction` against `reference`, on their final answers. Two empty answers match. */
export function scoreAnswer(prediction: string, reference: string): AnswerScore {
  const predicted = finalAnswer(prediction);
  const expected = finalAnswer(reference);
  return { exact: normalizeAnswer(predicted) === normalizeAnswer(expected) ? 1 : 0, f1: tokenF1(predicted, expected) };
}
