/**
 * What a training job is asked to do, validated once when it is submitted: the
 * job's type and backend, the base model, the usual fine-tuning hyper-parameters
 * (learning rate, batch size, epochs, LoRA rank/alpha/dropout) and how the job is
 * supervised (retries, back-off, timeout). A bad request is E7931 naming every field.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";

/** Where training runs: in-process memory compilation, a subprocess, or a hosted fine-tuning API. */
export const backendNames = ["memory", "command", "http"] as const;
export type BackendName = typeof backendNames[number];

/**
 * What is trained: a policy by supervised fine-tuning (`sft`), a reward model on
 * preference pairs (`reward`), or a policy by PPO against a reward model (`ppo`).
 */
export const jobTypes = ["sft", "reward", "ppo"] as const;
export type JobType = typeof jobTypes[number];

/** PPO's own settings: the reward model it optimises against and the usual knobs. */
export const ppoConfigSchema = z.strictObject({
  /** The registered reward model (id or alias) whose scores are the reward. */
  rewardModel: z.string().min(1),
  /** Set by the runtime, not the request: the verified reward model's file, for the trainer. */
  rewardModelPath: z.string().optional(),
  /** Clipping range ε of the surrogate objective. */
  clipRange: z.number().gt(0).max(1).default(0.2),
  /** Weight of the KL penalty against the reference policy. */
  klCoefficient: z.number().min(0).default(0.05),
  /** Generalised advantage estimation λ and the discount γ. */
  gaeLambda: z.number().min(0).max(1).default(0.95),
  gamma: z.number().min(0).max(1).default(1),
  /** Responses sampled per prompt per rollout, and optimisation epochs per rollout. */
  rolloutsPerPrompt: z.number().int().min(1).default(4),
  ppoEpochs: z.number().int().min(1).default(4),
});
export type PpoConfig = z.infer<typeof ppoConfigSchema>;

export const jobConfigSchema = z.strictObject({
  type: z.enum(jobTypes).default("sft"),
  backend: z.enum(backendNames).default("memory"),
  /** The model the result is bound to or fine-tuned from. */
  baseModel: z.string().min(1).default("claude-sonnet-5"),
  learningRate: z.number().gt(0).max(1).default(1e-4),
  batchSize: z.number().int().min(1).max(4096).default(8),
  epochs: z.number().int().min(1).max(100).default(3),
  lora: z.strictObject({
    rank: z.number().int().min(1).max(1024).default(16),
    alpha: z.number().gt(0).default(32),
    dropout: z.number().min(0).lt(1).default(0.05),
  }).default({ rank: 16, alpha: 32, dropout: 0.05 }),
  /** The export format the trainer reads (command and http backends). */
  format: z.enum(["chat", "anthropic", "prompt-completion", "soar", "preference"]).default("chat"),
  /** Memory backend: retrieved examples per query. */
  fewShot: z.number().int().min(1).max(32).default(4),
  /** Reward model: the smallest quality-score lead (0–100) that makes a pair. */
  minMargin: z.number().min(0).max(100).default(10),
  /**
   * Reward model: pair answers to the same task, or (when each task has one answer, as
   * in most agent logs) answers to different tasks of the same domain.
   */
  pairing: z.enum(["task", "family"]).default("task"),
  /** The registered model's name; versions of one name count up. @default `<dataset>-<type>` */
  modelName: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, "letters, digits, '_' and '-', up to 64").optional(),
  ppo: ppoConfigSchema.optional(),
  /** Attempts after the first one fails with a retryable error. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** First retry's delay; each later one doubles it. */
  backoffMs: z.number().int().min(0).default(5_000),
  /** From the start of preparing to the end of evaluating, across retries. */
  timeoutMs: z.number().int().min(1_000).default(6 * 3_600_000),
  /** Seed of every random choice the job makes. */
  seed: z.number().int().default(42),
}).superRefine((config, ctx) => {
  if (config.type === "ppo" && config.backend !== "command") {
    ctx.addIssue({ code: "custom", path: ["backend"], message: "PPO needs a GPU trainer: use the command backend" });
  }
  if (config.type === "ppo" && !config.ppo) {
    ctx.addIssue({ code: "custom", path: ["ppo"], message: "a PPO job needs its ppo settings (rewardModel at least)" });
  }
  if (config.type === "reward" && config.backend === "http") {
    ctx.addIssue({
      code: "custom",
      path: ["backend"],
      message: "reward models train in-process (memory) or by command",
    });
  }
});
export type JobConfig = z.infer<typeof jobConfigSchema>;

/** The job config from a request body, or E7931 listing every problem. */
export function parseJobConfig(value: unknown): JobConfig {
  const parsed = jobConfigSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`);
  throw new AtlasError("E7931", `invalid job configuration: ${problems.join("; ")}`, { details: problems });
}
