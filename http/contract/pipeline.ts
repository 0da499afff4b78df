/**
 * The wire contract of `POST /v1/pipeline/run`: the body, and the Server-Sent
 * Events that report each step.
 *
 * @module
 */
import { z } from "zod";
import { count, errorData } from "./common.ts";
import { versionCounts } from "./datasets.ts";
import { job } from "./jobs.ts";
import { modelDetail, validationReport } from "./models.ts";

export const pipelineRunBody = z.strictObject({
  events: z.array(z.unknown()).max(100_000).optional().meta({ description: "CloudEvents to ingest first" }),
  dataset: z.strictObject({
    name: z.string().min(1).max(100),
    description: z.string().max(2_000).optional(),
    filter: z.unknown().optional(),
    split: z.unknown().optional(),
  }),
  job: z.record(z.string(), z.unknown()).optional().meta({ description: "the job configuration" }),
  validate: z.strictObject({
    thresholds: z.record(z.string(), z.unknown()).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
  }).optional(),
  promote: z.boolean().default(false),
  by: z.string().min(1).max(200).default("api"),
});

/** The `data` of each SSE event, by event name, in the order they come. */
export const pipelineEvents = {
  ingest: z.object({
    accepted: count,
    rejected: z.array(z.object({ index: count, error: errorData })),
    examples: count.meta({ description: "training examples the events completed" }),
    deadLetters: count.meta({ description: "joins the events completed that could not become examples" }),
  }),
  dataset: z.object({ created: z.boolean(), name: z.string(), version: z.string(), counts: versionCounts }),
  job: job.meta({ description: "the job, at each change of its state, in order" }),
  validation: validationReport.pick({ id: true, recommendation: true, reasons: true, stages: true }),
  model: modelDetail,
  done: z.object({ job: z.string(), model: z.string() }),
  error: errorData,
};
