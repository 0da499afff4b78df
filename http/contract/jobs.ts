/**
 * The wire contract of `/v1/jobs`: queueing a training job, the jobs, one job, and
 * cancelling one.
 *
 * @module
 */
import { z } from "zod";
import { jobConfigSchema } from "../../jobs/config.ts";
import { count, epochMs, errorData, itemsOf, opaque } from "./common.ts";

export const submitJobBody = z.strictObject({
  dataset: z.strictObject({ name: z.string().min(1), version: z.string().min(1).default("latest") }),
  config: z.record(z.string(), z.unknown()).default({})
    .meta({ description: "the job configuration: type, backend, hyperparameters (E7931 when invalid)" }),
  by: z.string().min(1).max(200).default("api"),
});

export const cancelJobBody = z.strictObject({
  reason: z.string().max(2_000).default(""),
  by: z.string().min(1).max(200).default("api"),
});

export const jobListQuery = z.object({
  state: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const jobStates = [
  "queued",
  "preparing",
  "training",
  "evaluating",
  "retrying",
  "stopping",
  "succeeded",
  "failed",
  "cancelled",
] as const;

export const job = z.object({
  id: z.string(),
  state: z.enum(jobStates),
  type: z.string(),
  backend: z.string(),
  dataset: z.object({ name: z.string(), version: z.string(), contentHash: z.string().optional() }),
  config: jobConfigSchema,
  attempt: count,
  progress: opaque("object", "progress as the trainer reported it: step, totalSteps, metrics").nullable(),
  trainer: opaque("object", "where the training runs, as its backend records it").nullable(),
  lossHistory: opaque("array", "the loss of each reported step"),
  examples: z.object({ train: count, val: count, test: count }).nullable(),
  metrics: z.record(z.string(), z.number()).nullable(),
  modelId: z.string().nullable(),
  error: errorData.nullable(),
  retryAt: epochMs.nullable(),
  cancel: opaque("object", "who cancelled it, when and why").nullable(),
  createdAt: epochMs,
  startedAt: epochMs.nullable(),
  deadline: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
});

export const jobList = itemsOf(job);
