/**
 * How well an answer matches the expected one, from 0 to 1.
 *
 * The rule:
 * 1. Both texts are normalised as SQuAD does: lower case, punctuation and symbols
 *    removed, the articles "a", "an" and "the" removed, whitespace collapsed.
 * 2. Equal normalised texts score 1 (exact match).
 * 3. When either text is a ReAct transcript, that is, it has a final answer (the
 *    last `Finish[...]`, else the last `Final Answer:` line, else the last `Action:`
 *    line), the score is 0.7 × the match of the final answers + 0.3 × the match of the
 *    whole texts. A text without one stands whole for its final answer. The weight
 *    is on the verdict because two good agents may search differently and still
 *    conclude the same, while a fine-looking route to the wrong verdict is wrong.
 * 4. Otherwise the score is the token-level F1 of the normalised texts (tokens
 *    counted as a multiset, as SQuAD's official script does).
 *
 * @module
 */

/** The weight of the final answer in a ReAct transcript's score. */
export const finalAnswerWeight = 0.7;

/** The score of `answer` against `expected`, 0–1. */
export function answerScore(answer: string, expected: string): number {
  if (normalizeAnswer(answer) === normalizeAnswer(expected)) return 1;
  const answerFinal = finalAnswer(answer);
  const expectedFinal = finalAnswer(expected);
  if (answerFinal === null && expectedFinal === null) return tokenF1(answer, expected);
  const finalMatch = textMatch(answerFinal ?? answer, expectedFinal ?? expected);
  return finalAnswerWeight * finalMatch + (1 - finalAnswerWeight) * tokenF1(answer, expected);
}

/** SQuAD's normalisation: lower case, no punctuation or symbols, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, "")
    .replace(/\b(?:a|an|the)\b/g, " ")
    .split(/\s+/)
    .filter((token) => token !== "")
    .join(" ");
}

/** Token-level F1 of the normalised texts; two empty texts agree (1), one empty one does not (0). */
export function tokenF1(answer: string, expected: string): number {
  const predicted = tokens(answer);
  const gold = tokens(expected);
  if (predicted.length === 0 || gold.length === 0) return predicted.length === gold.length ? 1 : 0;
  const goldCounts = new Map<string, number>();
  for (const token of gold) goldCounts.set(token, (goldCounts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = goldCounts.get(token) ?? 0;
    if (left > 0) {
      common++;
      goldCounts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * A ReAct transcript's final answer: inside the last `Finish[...]`, else after the
 * last `Final Answer:`, else after the last `Action:`; null when the text has none.
 */
export function finalAnswer(text: string): string | null {
  const finish = lastMatch(text, /Finish\[([\s\S]*?)\]/g);
  if (finish !== null) return finish;
  return lastMatch(text, /^[ \t]*Final Answer:[ \t]*(.*)$/gim) ?? lastMatch(text, /^[ \t]*Action:[ \t]*(.*)$/gm);
}

function textMatch(answer: string, expected: string): number {
  return normalizeAnswer(answer) === normalizeAnswer(expected) ? 1 : tokenF1(answer, expected);
}

function tokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized === "" ? [] : normalized.split(" ");
}

function lastMatch(text: string, pattern: RegExp): string | null {
  let last: string | null = null;
  for (const match of text.matchAll(pattern)) last = match[1] ?? "";
  return last;
}
