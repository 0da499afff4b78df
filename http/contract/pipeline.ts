/**
 * The wire contract of `POST /v1/pipeline/run`: the body, and the Server-Sent
 * Events that report each step.
 *
 * @module
 */
import { z } from "zod";
import { errorData, opaque } from "./common.ts";

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
  ingest: opaque("object", "what intake took of the events"),
  dataset: opaque("object", "the dataset version built"),
  job: opaque("object", "the job, at each change of its state"),
  validation: opaque("object", "the validation report"),
  model: opaque("object", "the registered model"),
  done: opaque("object", "the run's outcome"),
  error: errorData,
};
