/**
 * From training examples to a reward-model artifact, in one call for the job runner:
 * split by whole task, make preference pairs on each side, fit the Bradley–Terry
 * model on the training side, and measure how often it ranks the held-out pairs the
 * right way round.
 *
 * `pairing: "task"` (the default) pairs answers to the same task; data where every
 * task was answered once has none and fails with E7301, and `pairing: "family"` then
 * pairs answers across the tasks of one domain (see family_pairs.ts for what that
 * means for the model).
 *
 * @example
 * ```ts
 * const { artifact, metrics } = trainRewardModelFromExamples(examples, { minMargin: 10, seed: 42 });
 * await Deno.writeTextFile("reward-model.json", JSON.stringify(artifact));
 * ```
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import type { TrainingExample } from "../training/example.ts";
import { minTrainingPairs, pairAccuracy, type RewardModel, trainRewardModel } from "./bradley_terry.ts";
import { familyPreferencePairs } from "./family_pairs.ts";
import { type PreferencePair, preferencePairs } from "./preference_pairs.ts";
import { resolveRewardModelOptions, type RewardModelOptions } from "./reward_model_options.ts";
import { type RewardModelArtifact, rewardModelArtifact } from "./reward_model_artifact.ts";
import { splitExamplesByTask, splitPairsByTask } from "./task_split.ts";

/** The model's options (its `seed` also fixes the split and the family partners) and how pairs are made. */
export interface RewardTrainingOptions extends RewardModelOptions {
  /** The smallest quality-score lead (0–100) that makes a pair. */
  minMargin: number;
  /** Share of tasks held out to measure the model. @default 0.2 */
  heldOutFraction?: number;
  /** Pairs within a task, or across the tasks of a domain. @default "task" */
  pairing?: "task" | "family";
  /** Task pairing: the most pairs one task gives. @default 16 */
  maxPairsPerTask?: number;
  /** Family pairing: the most pairs one answer is chosen in. @default 4 */
  pairsPerExample?: number;
}

export interface RewardTrainingMetrics {
  trainPairs: number;
  heldOutPairs: number;
  heldOutAccuracy: number;
  trainAccuracy: number;
  /** The last epoch's mean log-loss on the training pairs. */
  finalLoss: number;
}

export interface RewardTrainingResult {
  artifact: RewardModelArtifact;
  model: RewardModel;
  metrics: RewardTrainingMetrics;
}

const pairingOptionsSchema = z.object({
  minMargin: z.number().min(0).max(100),
  heldOutFraction: z.number().gt(0).lt(1).default(0.2),
  pairing: z.enum(["task", "family"]).default("task"),
  maxPairsPerTask: z.number().int().min(1).default(16),
  pairsPerExample: z.number().int().min(1).default(4),
});

/**
 * Trains a reward model on `examples`. Throws E7300 on invalid options, E7301 when
 * fewer than 4 training pairs or no held-out pairs come out of the examples.
 */
export function trainRewardModelFromExamples(
  examples: readonly TrainingExample[],
  options: RewardTrainingOptions,
): RewardTrainingResult {
  const { minMargin, heldOutFraction, pairing, maxPairsPerTask, pairsPerExample, ...rest } = options;
  const parsed = pairingOptionsSchema.safeParse({
    minMargin,
    heldOutFraction,
    pairing,
    maxPairsPerTask,
    pairsPerExample,
  });
  if (!parsed.success) throw new AtlasError("E7300", `invalid reward-model options: ${z.prettifyError(parsed.error)}`);
  const resolved = parsed.data;
  const modelOptions = resolveRewardModelOptions(rest);

  const { train, heldOut } = pairsOnEachSide(examples, { ...resolved, seed: modelOptions.seed });
  if (train.length < minTrainingPairs || heldOut.length === 0) {
    throw new AtlasError(
      "E7301",
      `${train.length} training and ${heldOut.length} held-out ${resolved.pairing} pairs at minMargin ${minMargin}: ` +
        `a reward model needs ${minTrainingPairs} and 1` +
        (resolved.pairing === "task" ? ' (each task answered once? try pairing: "family")' : ""),
      { details: { trainPairs: train.length, heldOutPairs: heldOut.length } },
    );
  }
  const { model, history } = trainRewardModel(train, rest);
  const metrics: RewardTrainingMetrics = {
    trainPairs: train.length,
    heldOutPairs: heldOut.length,
    heldOutAccuracy: pairAccuracy(model, heldOut),
    trainAccuracy: history.at(-1)!.accuracy,
    finalLoss: history.at(-1)!.loss,
  };
  const { epochs, learningRate, l2, batchSize, seed } = modelOptions;
  const artifact = rewardModelArtifact(model, {
    pairing: resolved.pairing,
    minMargin,
    heldOutFraction: resolved.heldOutFraction,
    ...metrics,
    lossByEpoch: history.map((entry) => entry.loss),
    epochs,
    learningRate,
    l2,
    batchSize,
    seed,
  });
  return { artifact, model, metrics };
}

/** Training and held-out pairs, no task on both sides. */
function pairsOnEachSide(
  examples: readonly TrainingExample[],
  options: z.infer<typeof pairingOptionsSchema> & { seed: number },
): { train: PreferencePair[]; heldOut: PreferencePair[] } {
  const { pairing, minMargin, maxPairsPerTask, pairsPerExample, heldOutFraction, seed } = options;
  if (pairing === "task") {
    return splitPairsByTask(preferencePairs(examples, { minMargin, maxPairsPerTask }), heldOutFraction, seed);
  }
  const sides = splitExamplesByTask(examples, heldOutFraction, seed);
  return {
    train: familyPreferencePairs(sides.train, { minMargin, pairsPerExample, seed }),
    heldOut: familyPreferencePairs(sides.heldOut, { minMargin, pairsPerExample, seed }),
  };
}
