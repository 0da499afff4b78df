/**
 * How close an answer is to the reference: exact match and token F1 over normalised
 * words (SQuAD's: lower case, punctuation and articles dropped), compared on the
 * final answer. A ReAct run's answer is the argument of its last `Finish[...]` (a
 * FEVER verdict), since the steps before it differ however right the verdict is; any
 * other text is compared whole. Minimal on purpose: the model validation module
 * scores candidates its own way; this is the memory job's own held-out figure.
 *
 * @module
 */

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

/** Lower-case words, punctuation and the articles a, an, the left out. */
export function normalisedTokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== "a" && w !== "an" && w !== "the");
}

/** `prediction` against `reference`, on their final answers. Two empty answers match. */
export function scoreAnswer(prediction: string, reference: string): AnswerScore {
  const predicted = normalisedTokens(finalAnswer(prediction));
  const expected = normalisedTokens(finalAnswer(reference));
  const exact = predicted.join(" ") === expected.join(" ") ? 1 : 0;
  if (predicted.length === 0 || expected.length === 0) return { exact, f1: exact };
  const remaining = new Map<string, number>();
  for (const token of expected) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      common++;
      remaining.set(token, left - 1);
    }
  }
  if (common === 0) return { exact, f1: 0 };
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return { exact, f1: 2 * precision * recall / (precision + recall) };
}
