/**
 * The wire contract of event intake (`POST /v1/events`) and the live stream of state
 * changes (`GET /v1/events/stream`).
 *
 * @module
 */
import { z } from "zod";
import { cloudEventSchema } from "../../schemas/mod.ts";
import { count, epochMs, errorData } from "./common.ts";

/** One CloudEvent in structured mode: the envelope; `data` is checked against its type's schema. */
export const cloudEvent = cloudEventSchema;

/** A batch: a non-empty array of CloudEvents. */
export const cloudEventBatch = z.array(cloudEventSchema).min(1);

/** What intake took: duplicates are events already seen (same source and id); rejected ones name their position. */
export const intakeResult = z.object({
  accepted: count,
  duplicates: count,
  rejected: z.array(z.object({ index: count, error: errorData })),
});

export const streamQuery = z.object({ trajectoryId: z.string().min(1).max(256).optional() });

/** The `data` of an SSE `state` frame: a trajectory changing state, once durable. */
export const stateChange = z.object({
  trajectoryId: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  outcome: z.string().nullable(),
  stepCount: count,
  at: epochMs,
});
