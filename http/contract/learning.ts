/**
 * The wire contract of `/v1/learning`: the status, the learning config and its patch,
 * the batch runs, and the SOAR training data lines.
 *
 * @module
 */
import { z } from "zod";
import { learningConfigSchema } from "../../learning/config.ts";
import { count, epochMs, errorCodes, itemsOf, opaque } from "./common.ts";

const { creditStrategy, patternExtractor, minTrajectories, minHoursSinceLast, minSuccessRate } =
  learningConfigSchema.shape;

/** The config in force. */
export const learningConfig = learningConfigSchema;

/** `PUT /v1/learning/config`: the fields to change; `null` resets one to the environment's value. */
export const learningConfigPatch = z.strictObject({
  creditStrategy: creditStrategy.unwrap().nullable().optional(),
  patternExtractor: patternExtractor.unwrap().nullable().optional(),
  minTrajectories: minTrajectories.unwrap().nullable().optional(),
  minHoursSinceLast: minHoursSinceLast.unwrap().nullable().optional(),
  minSuccessRate: minSuccessRate.unwrap().nullable().optional(),
});

const batchResult = opaque("object", "what the run learned: concepts, error patterns, the outcome model, pruning");

/** A run as the batch actor keeps it (the newest one). */
export const batchRun = z.object({
  id: z.string(),
  trigger: z.enum(["auto", "manual"]),
  startedAt: epochMs,
  finishedAt: epochMs.optional(),
  result: batchResult.optional(),
  error: z.object({ code: z.enum(errorCodes), message: z.string() }).optional(),
});

export const batchStatus = z.object({
  state: z.enum(["idle", "running"]),
  progress: z.object({ trajectories: count, successes: count }).meta({ description: "learned since the last run" }),
  lastRunAt: epochMs.nullable(),
  lastRun: batchRun.nullable(),
  runs: count,
  retryAt: epochMs.nullable(),
  due: z.object({ due: z.boolean(), reasons: z.array(z.string()) }),
});

export const learningStatus = z.object({
  config: learningConfig,
  running: z.object({ creditStrategy: z.string(), patternExtractor: z.string() })
    .meta({ description: "the strategies actually running, after any fallback for want of a key" }),
  notices: z.array(z.string()),
  llm: z.object({ enabled: z.boolean(), model: z.string().nullable() }),
  outcomeModel: z.object({ trainedOn: count, trainingAccuracy: z.number() }).nullable(),
  finetune: z.object({ finetune: z.literal(false), reason: z.string() }),
  batch: batchStatus,
});

export const batchRequested = z.object({ runId: z.string(), status: batchStatus });

export const batchListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(20) });

/** A run as the store records it. */
export const batchRunRecord = z.object({
  id: z.string(),
  trigger: z.string(),
  status: z.enum(["running", "succeeded", "failed"]),
  startedAt: epochMs,
  finishedAt: epochMs.nullable(),
  result: batchResult.nullable(),
  error: opaque("object", "the run's error: { code, message }").nullable(),
});

export const batchRunList = itemsOf(batchRunRecord);

export const soarQuery = z.object({ limit: z.coerce.number().int().min(1).max(100_000).default(1_000) });

/** One line of `GET /v1/learning/soar`: what a learned trajectory teaches, SOAR-weighted. */
export const soarExample = z.object({
  kind: z.enum(["sampling", "refinement", "error"]),
  weight: z.union([z.literal(2), z.literal(1.5), z.literal(1)]),
  family: z.string().nullable(),
  input: z.string(),
  output: z.string(),
  source: z.object({ trajectoryId: z.string(), attemptId: z.string().optional() })
    .meta({ description: "the solution's trajectory, and the attempt's for a refinement" }),
});
