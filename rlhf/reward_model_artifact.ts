/**
 * The reward model as a JSON artifact: the non-zero weights as parallel index and
 * value arrays, the feature space they live in, and how the model was trained and how
 * well it did. Numbers are written at full precision (JSON keeps a double exactly), so
 * a model read back scores every answer exactly as the one written.
 *
 * Reading checks everything a scorer relies on (indices in range, ascending and as many
 * as the values, the feature version this code computes) and refuses the rest with
 * E7302: hashed weights under another feature version would score silently wrong.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import type { RewardModel } from "./bradley_terry.ts";
import { featureVersion } from "./text_features.ts";

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);

/** How the model was trained and how well it ranks pairs. */
export const rewardModelTrainingSchema = z.strictObject({
  /** `task`: pairs within a task; `family`: pairs across the tasks of a domain. */
  pairing: z.enum(["task", "family"]),
  minMargin: z.number().min(0).max(100),
  heldOutFraction: z.number().gt(0).lt(1),
  trainPairs: count,
  heldOutPairs: count,
  trainAccuracy: share,
  heldOutAccuracy: share,
  finalLoss: z.number().min(0),
  lossByEpoch: z.array(z.number().min(0)),
  epochs: z.number().int().min(1),
  learningRate: z.number().gt(0),
  l2: z.number().min(0),
  batchSize: z.number().int().min(1),
  seed: z.number().int(),
});

export type RewardModelTraining = z.infer<typeof rewardModelTrainingSchema>;

export const rewardModelArtifactSchema = z.strictObject({
  format: z.literal("atlas.reward-model"),
  version: z.literal(1),
  model: z.literal("bradley-terry-linear"),
  features: z.strictObject({
    version: z.literal(featureVersion),
    dimensions: z.number().int().min(1).max(2 ** 24).refine((n) => Number.isInteger(Math.log2(n)), {
      message: "must be a power of two",
    }),
  }),
  weights: z.strictObject({ indices: z.array(count), values: z.array(z.number()) }),
  training: rewardModelTrainingSchema,
}).superRefine(({ features, weights }, ctx) => {
  const { indices, values } = weights;
  if (indices.length !== values.length) {
    ctx.addIssue({ code: "custom", path: ["weights"], message: "indices and values differ in length" });
  }
  const wrong = indices.findIndex((index, i) => index >= features.dimensions || (i > 0 && index <= indices[i - 1]!));
  if (wrong >= 0) {
    ctx.addIssue({
      code: "custom",
      path: ["weights", "indices", wrong],
      message: `indices must ascend, each below ${features.dimensions}`,
    });
  }
});

export type RewardModelArtifact = z.infer<typeof rewardModelArtifactSchema>;

/** `model` and how it was trained as an artifact. */
export function rewardModelArtifact(model: RewardModel, training: RewardModelTraining): RewardModelArtifact {
  const indices: number[] = [];
  const values: number[] = [];
  model.weights.forEach((value, index) => {
    if (value === 0) return;
    indices.push(index);
    values.push(value);
  });
  return {
    format: "atlas.reward-model",
    version: 1,
    model: "bradley-terry-linear",
    features: { version: featureVersion, dimensions: model.dimensions },
    weights: { indices, values },
    training,
  };
}

/** Checks `input`, an artifact or its JSON text; throws E7302 naming what is wrong. */
export function parseRewardModelArtifact(input: unknown): RewardModelArtifact {
  let json = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw new AtlasError("E7302", `reward-model artifact is not JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  const parsed = rewardModelArtifactSchema.safeParse(json);
  if (!parsed.success) {
    throw new AtlasError("E7302", `invalid reward-model artifact: ${z.prettifyError(parsed.error)}`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

/** The model of an artifact (or its JSON text), checked first; throws E7302. */
export function loadRewardModel(input: unknown): RewardModel {
  const { features, weights } = parseRewardModelArtifact(input);
  const dense = new Float64Array(features.dimensions);
  weights.indices.forEach((index, i) => dense[index] = weights.values[i]!);
  return { dimensions: features.dimensions, weights: dense };
}
