/**
 * The reward model's training options, checked and given their defaults once; a bad
 * value is E7300 naming every field.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import { defaultDimensions } from "./text_features.ts";

/** One epoch's figures, on the training pairs, with the weights at the epoch's end. */
export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Mean −log σ(r_chosen − r_rejected) (margin-weighted when asked), without the L2 term. */
  loss: number;
  /** Share of pairs ranked the right way round. */
  accuracy: number;
}

export interface RewardModelOptions {
  /** Passes over the pairs. @default 10 */
  epochs?: number;
  /** Step size of minibatch SGD; features have unit length, so 0.1–1 suits. @default 0.5 */
  learningRate?: number;
  /** Strength of the L2 penalty l2/2 · ‖w‖². @default 1e-4 */
  l2?: number;
  /** Pairs per gradient step. @default 16 */
  batchSize?: number;
  /** Seed of the shuffle of pairs before each epoch. @default 0 */
  seed?: number;
  /** Size of the hashed feature space, a power of two from 2^8 to 2^24. @default 2^18 */
  dimensions?: number;
  /** Weigh each pair's loss by its margin (mean weight 1): wide gaps are the surest labels. @default false */
  weightByMargin?: boolean;
  /** Called after each epoch. */
  onEpoch?: (metrics: EpochMetrics) => void;
}

const isPowerOfTwo = (n: number) => Number.isInteger(Math.log2(n));

export const rewardModelOptionsSchema = z.strictObject({
  epochs: z.number().int().min(1).max(1000).default(10),
  learningRate: z.number().gt(0).max(10).default(0.5),
  l2: z.number().min(0).default(1e-4),
  batchSize: z.number().int().min(1).max(65536).default(16),
  seed: z.number().int().default(0),
  dimensions: z.number().int().min(2 ** 8).max(2 ** 24).refine(isPowerOfTwo, "must be a power of two")
    .default(defaultDimensions),
  weightByMargin: z.boolean().default(false),
  onEpoch: z.custom<(metrics: EpochMetrics) => void>((value) => typeof value === "function").optional(),
}).refine((options) => options.learningRate * options.l2 < 1, {
  // Each step shrinks the weights by (1 − learningRate · l2): at 1 or above they would vanish or flip.
  message: "learningRate · l2 must be below 1",
  path: ["l2"],
});

export type ResolvedRewardModelOptions = z.infer<typeof rewardModelOptionsSchema>;

/** `options` with their defaults; throws E7300 when one is out of range. */
export function resolveRewardModelOptions(options: RewardModelOptions = {}): ResolvedRewardModelOptions {
  const parsed = rewardModelOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new AtlasError("E7300", `invalid reward-model options: ${z.prettifyError(parsed.error)}`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}
