/**
 * An example's quality score (L06: 0–100, with a confidence 0–1) as a reward in
 * [−1, 1], for trainers that take a scalar reward per answer rather than pairs.
 *
 * The score is centred on 50 and scaled: 100 → 1, 50 → 0, 0 → −1. Then it is
 * multiplied by the confidence: read the confidence as the chance that the judge's
 * score is right, and otherwise as no information (a reward of 0), and the product is
 * the expected reward. A score the judge was unsure of pulls the policy less, and a
 * score with confidence 0 does not pull it at all.
 *
 * @module
 */
import type { TrainingExample } from "../training/example.ts";

/** confidence · (qualityScore − 50) / 50, each clamped to its range first; 0 when either is not a number. */
export function rewardSignal(example: Pick<TrainingExample, "qualityScore" | "confidence">): number {
  const { qualityScore, confidence } = example;
  if (Number.isNaN(qualityScore) || Number.isNaN(confidence)) return 0;
  return clamp(confidence, 0, 1) * (clamp(qualityScore, 0, 100) - 50) / 50;
}

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));
