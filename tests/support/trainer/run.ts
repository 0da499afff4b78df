/**
 * What every tiny-trainer algorithm shares: its configuration (the command backend's
 * `trainer_config.json`), the progress lines it prints, the artifact files, and the
 * test hooks, which act once per step.
 *
 * Test hooks, read from the environment only when the trainer may read it
 * (`--allow-env=TINY_TRAINER_CRASH_AT_STEP,TINY_TRAINER_STEP_DELAY_MS`):
 * - `TINY_TRAINER_CRASH_AT_STEP=N`: at step N, a message on stderr and exit 1;
 * - `TINY_TRAINER_STEP_DELAY_MS=N`: a pause of N ms after each step, so that tests
 *   can catch the trainer mid-run.
 *
 * @module
 */
import { join } from "node:path";

/** The parts of `trainer_config.json` the tiny trainer reads. */
export interface TinyConfig {
  jobId: string;
  type: "sft" | "reward" | "ppo";
  format: string;
  train: string;
  val: string | null;
  test: string | null;
  outputDir: string;
  rewardModel?: string;
  config: {
    baseModel: string;
    learningRate: number;
    batchSize: number;
    epochs: number;
    seed: number;
    lora: { rank: number; alpha: number; dropout: number };
    ppo?: { clipRange: number; klCoefficient: number; rolloutsPerPrompt: number; ppoEpochs: number };
  };
}

/** Progress printing and the per-step hooks of one training run. */
export class Run {
  readonly #startedAt = performance.now();
  readonly #every: number;
  readonly #crashAt = hook("TINY_TRAINER_CRASH_AT_STEP");
  readonly #delayMs = hook("TINY_TRAINER_STEP_DELAY_MS") ?? 0;

  constructor(readonly config: TinyConfig, readonly totalSteps: number) {
    // About a hundred progress lines, whatever the run's length.
    this.#every = Math.max(1, Math.floor(totalSteps / 100));
  }

  /**
   * Ends step `step`: prints its figures (every few steps, and the last), then yields
   * to the event loop so that a SIGTERM is handled between steps.
   */
  async stepDone(step: number, epoch: number, figures: Record<string, number>): Promise<void> {
    if (step === this.#crashAt) {
      console.error(`tiny_trainer: simulated crash at step ${step} (TINY_TRAINER_CRASH_AT_STEP)`);
      Deno.exit(1);
    }
    if (step % this.#every === 0 || step === this.totalSteps || step === 1) {
      const perStep = (performance.now() - this.#startedAt) / step;
      const eta = Math.round((this.totalSteps - step) * perStep) / 1000;
      print({ step, total_steps: this.totalSteps, epoch, ...figures, eta_seconds: eta });
    }
    await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
  }

  /** Prints figures that belong to no step (an epoch's validation). */
  report(figures: Record<string, unknown>): void {
    print(figures);
  }

  /** Writes `name` into the output directory, and the adapter config beside it. */
  async writeArtifact(name: string, content: unknown): Promise<void> {
    const { outputDir, config, type } = this.config;
    await Deno.writeTextFile(join(outputDir, name), JSON.stringify(content));
    const adapter = {
      peft_type: "LORA",
      task_type: type === "sft" ? "CAUSAL_LM" : type === "reward" ? "SEQ_CLS" : "RL_POLICY",
      base_model_name_or_path: config.baseModel,
      r: config.lora.rank,
      lora_alpha: config.lora.alpha,
      lora_dropout: config.lora.dropout,
      trainer: "tiny_trainer",
      weights: name,
    };
    await Deno.writeTextFile(join(outputDir, "adapter_config.json"), JSON.stringify(adapter, null, 2));
  }

  /** The done line: the last thing the trainer prints. */
  done(metrics: Record<string, number>): void {
    print({ done: true, metrics });
  }
}

/** Steps of a run: one per minibatch (of examples, pairs or prompts) per epoch. */
export function totalSteps(items: number, batchSize: number, epochs: number): number {
  return Math.ceil(items / batchSize) * epochs;
}

/** Reads a JSONL file's objects; a blank line is skipped. */
export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path);
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));
}

function print(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

/** A numeric test hook, or undefined when unset or not readable. */
function hook(name: string): number | undefined {
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") return undefined;
  const value = Deno.env.get(name);
  return value === undefined ? undefined : Number(value);
}
