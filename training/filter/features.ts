/**
 * The numbers the anomaly detector sees of a training example. Each one is there
 * because a broken example shows up in it: a truncated or runaway output, a task with
 * no real input, a loop that repeats itself, text that is not language. The Isolation
 * Forest cuts each feature within its own range, so no scaling is needed; counts are
 * log-scaled only so that the cuts spread over the typical range rather than the tail.
 *
 * Left out on purpose, after trying them on the ReAct runs (see calibration_test.ts):
 * the quality score and the confidence (they have their own thresholds, and what passes
 * them sits on a few reward values whose rare ones the forest then isolates), the
 * number of distinct tools (a count of 1 to 4 whose rare values did the same) and the
 * number of steps (how hard the task was, not whether the example is broken; a runaway
 * shows in the output's length). Every feature that carries no sign of a broken
 * example dilutes the ones that do, since each cut picks one at random: with them,
 * planted garbage scored as low as 0.62, among the real examples; without them, at
 * least 0.70, above every real one (at most 0.674).
 *
 * @module
 */
import type { TrainingExample } from "../example.ts";

/** The features' names, in the order `exampleFeatures` gives them (for reports and debugging). */
export const featureNames = [
  "inputTokens",
  "outputTokens",
  "outputInputRatio",
  "errors",
  "outputSymbolShare",
  "outputRepeatedLineShare",
  "outputCharacterEntropy",
] as const;

/** An example as a point for the Isolation Forest, in the order of `featureNames`. */
export function exampleFeatures(example: TrainingExample): number[] {
  const { input, output } = example.tokens;
  return [
    // An empty or one-word task is rarely worth learning from.
    Math.log1p(input),
    // An empty output, or one that ran away (a loop, a dumped page).
    Math.log1p(output),
    // The forest cuts one axis at a time, so the ratio gets its own: a tiny prompt with
    // a huge answer is odd even when each length alone is common.
    Math.log((output + 1) / (input + 1)),
    // An agent flailing: far more failed actions than the rest.
    Math.log1p(example.difficulty.errors),
    // Markup, encoded data or line noise are mostly symbols; prose is mostly letters.
    symbolShare(example.output),
    // An agent stuck in a loop repeats the same lines.
    repeatedLineShare(example.output),
    // Text has 4–5 bits per character; a repeated character has 0, random bytes many more.
    characterEntropy(example.output),
  ];
}

/** The share of characters that are neither letters, digits nor whitespace (0 for empty text). */
export function symbolShare(text: string): number {
  if (text.length === 0) return 0;
  let symbols = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      const isAlphanumeric = (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
      const isSpace = code === 0x20 || (code >= 0x09 && code <= 0x0d);
      if (!isAlphanumeric && !isSpace) symbols++;
    } else if (!/[\p{L}\p{N}\p{M}\s]/u.test(text[i]!)) symbols++;
  }
  return symbols / text.length;
}

/** The share of non-blank lines that repeat an earlier line (trimmed), 0 for fewer than two lines. */
export function repeatedLineShare(text: string): number {
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  if (lines.length < 2) return 0;
  return (lines.length - new Set(lines).size) / lines.length;
}

/** Counts per UTF-16 code unit, reused across calls (a Map per text made features the filter's slowest part). */
const unitCounts = new Uint32Array(0x10000);

/** Shannon entropy, in bits, of the text's UTF-16 code units (0 for empty text). */
export function characterEntropy(text: string): number {
  const seen: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (unitCounts[code]!++ === 0) seen.push(code);
  }
  let entropy = 0;
  for (const code of seen) {
    const p = unitCounts[code]! / text.length;
    entropy -= p * Math.log2(p);
    unitCounts[code] = 0;
  }
  return Math.abs(entropy);
}
