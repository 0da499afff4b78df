/**
 * Reward modelling for RLHF, all pure: preference pairs from training examples (within
 * a task, or across the tasks of a domain), a scalar reward per example, splits by
 * whole task, hashed text features, a Bradley–Terry reward model trained by SGD, its
 * JSON artifact, and {@linkcode trainRewardModelFromExamples} tying them together for
 * the job runner.
 *
 * @module
 */
export { type PreferencePair, type PreferencePairOptions, preferencePairs } from "./preference_pairs.ts";
export { type FamilyPairOptions, familyPreferencePairs } from "./family_pairs.ts";
export { rewardSignal } from "./reward_signal.ts";
export { heldOutTasks, type Split, splitExamplesByTask, splitPairsByTask } from "./task_split.ts";
export { defaultDimensions, featureVersion, type SparseFeatures, textFeatures } from "./text_features.ts";
export { type EpochMetrics, type RewardModelOptions } from "./reward_model_options.ts";
export {
  minTrainingPairs,
  pairAccuracy,
  type RewardModel,
  score,
  type TrainedRewardModel,
  trainRewardModel,
} from "./bradley_terry.ts";
export {
  loadRewardModel,
  parseRewardModelArtifact,
  type RewardModelArtifact,
  rewardModelArtifact,
  type RewardModelTraining,
} from "./reward_model_artifact.ts";
export {
  type RewardTrainingMetrics,
  type RewardTrainingOptions,
  type RewardTrainingResult,
  trainRewardModelFromExamples,
} from "./train.ts";
