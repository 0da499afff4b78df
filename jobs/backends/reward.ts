/**
 * Reward models trained in-process: a Bradley–Terry model on hashed text features
 * (`rlhf/`), fitted on preference pairs from the examples that answer the dataset
 * version's tasks, all of them, including answers the quality filter kept out of
 * the version: a reward model learns from the bad answers as much as from the good.
 * Each epoch's loss and accuracy are reported as the trainer computed them; the
 * artifact is `reward_model.json`, with the held-out pair accuracy in its metrics.
 *
 * @module
 */
import type { TrainingExample } from "../../training/example.ts";
import { trainRewardModelFromExamples } from "../../rlhf/train.ts";
import type { TrainerBackend, TrainingHandle, TrainingInput, TrainingResult, WatchCallbacks } from "../backend.ts";

export const rewardModelFile = "reward_model.json";

export interface RewardBackendDeps {
  /** Every stored example answering one of the tasks of the job's dataset version. */
  examplesFor(input: TrainingInput): Promise<TrainingExample[]>;
  now(): number;
}

export class RewardBackend implements TrainerBackend {
  readonly name = "memory" as const;

  constructor(private readonly deps: RewardBackendDeps) {}

  start(): Promise<TrainingHandle> {
    return Promise.resolve({ startedAt: this.deps.now() });
  }

  /** Trains (again, after a restart: the same seed gives the same model), then writes the artifact. */
  async watch(
    input: TrainingInput,
    _handle: TrainingHandle,
    on: WatchCallbacks,
    signal: AbortSignal,
  ): Promise<TrainingResult> {
    const examples = await this.deps.examplesFor(input);
    signal.throwIfAborted();
    const { epochs, seed, minMargin, pairing } = input.config;
    // Errors are AtlasErrors already (E7300, E7301); the job machine turns anything else into E7999.
    const trained = trainRewardModelFromExamples(examples, {
      minMargin,
      pairing,
      epochs,
      seed,
      onEpoch: (e) =>
        on.progress({
          step: e.epoch,
          totalSteps: epochs,
          epoch: e.epoch,
          loss: e.loss,
          metrics: { accuracy: e.accuracy },
        }),
    });
    signal.throwIfAborted();
    await Deno.writeTextFile(`${input.outputDir}/${rewardModelFile}`, JSON.stringify(trained.artifact));
    return { metrics: { ...trained.metrics, examples: examples.length } };
  }

  /** Training runs to its end in one go; nothing outlives a cancelled watch. */
  cancel(): Promise<void> {
    return Promise.resolve();
  }
}
