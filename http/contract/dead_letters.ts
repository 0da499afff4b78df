/**
 * The wire contract of `GET /v1/dead-letters`: what could not be applied, by pages.
 *
 * @module
 */
import { z } from "zod";
import { isoTime } from "./common.ts";

export const deadLetterQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // The id of the last item of the previous page: ids only go up, so it is stable.
  cursor: z.coerce.number().int().min(1).optional().meta({ description: "the nextCursor of the previous page" }),
});

export const deadLetter = z.object({
  id: z.number().int(),
  at: isoTime,
  origin: z.enum(["kafka", "embedded", "http", "extraction", "store"]),
  topic: z.string().nullable(),
  partition: z.number().int().nullable(),
  offset: z.number().int().nullable(),
  key: z.string().nullable(),
  value: z.string().meta({ description: "the raw message, cut at 64 KiB" }),
  headers: z.record(z.string(), z.string()).nullable(),
  code: z.string(),
  reason: z.string(),
});

export const deadLetterPage = z.object({ items: z.array(deadLetter), nextCursor: z.string().nullable() });
