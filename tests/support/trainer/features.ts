/**
 * Text as numbers for the tiny trainer: words and punctuation as tokens, hashed
 * features (FNV-1a into a fixed number of slots, so no vocabulary is stored) and a
 * seeded random source, so that one config gives one run.
 *
 * @module
 */
import { fnv1a } from "../../../learning/fnv1a.ts";

/** A sparse vector: slot → value. */
export type Sparse = Map<number, number>;

/** Lower-cased words and single punctuation marks. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/**
 * A text's words and word pairs hashed into `dimensions` slots, scaled to unit
 * length so that long and short texts score on one scale.
 */
export function textFeatures(text: string, dimensions: number): Sparse {
  const words = tokens(text);
  const features: Sparse = new Map();
  const add = (key: string) => {
    const slot = fnv1a(key) % dimensions;
    features.set(slot, (features.get(slot) ?? 0) + 1);
  };
  words.forEach((word, i) => {
    add(`w:${word}`);
    if (i > 0) add(`b:${words[i - 1]} ${word}`);
  });
  const norm = Math.hypot(...features.values());
  for (const [slot, value] of features) features.set(slot, value / norm);
  return features;
}

/** Σ weights[slot] · value. */
export function dot(weights: Sparse, features: Sparse): number {
  let sum = 0;
  for (const [slot, value] of features) sum += (weights.get(slot) ?? 0) * value;
  return sum;
}

/** weights += scale · features. */
export function addScaled(weights: Sparse, features: Sparse, scale: number): void {
  for (const [slot, value] of features) weights.set(slot, (weights.get(slot) ?? 0) + scale * value);
}

/** A sparse vector as the JSON artifacts store it. */
export function toJson(weights: Sparse): { index: number[]; value: number[] } {
  const slots = [...weights.keys()].filter((slot) => weights.get(slot) !== 0).sort((a, b) => a - b);
  return { index: slots, value: slots.map((slot) => weights.get(slot)!) };
}

/** The project's seeded generator (mulberry32): one seed, one run. */
export { seededRandom as random } from "../../../learning/seeded_random.ts";

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** log Σ exp(xs), computed without overflow. */
export function logSumExp(xs: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < xs.length; i++) max = Math.max(max, xs[i]!);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += Math.exp(xs[i]! - max);
  return max + Math.log(sum);
}
