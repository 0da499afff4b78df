/**
 * Building blocks of the API's wire contract: times, counts, the error body, lists.
 * The response schemas of every resource are made of these, so the OpenAPI document
 * and the handlers' types come from one place.
 *
 * @module
 */
import { z } from "zod";
import { catalogue, type ErrorCode } from "../../errors.ts";

/** Milliseconds since the Unix epoch, as the store keeps times. */
export const epochMs = z.number().int().meta({ description: "milliseconds since the Unix epoch" });

/** An ISO 8601 time in UTC, as trajectories and dead letters show theirs. */
export const isoTime = z.iso.datetime();

/** A non-negative integer: a count of things. */
export const count = z.number().int().min(0);

/** Counts by a key (a state, an outcome, a code). */
export const counts = z.record(z.string(), count);

/**
 * A value the contract leaves open: its shape is documented elsewhere (a config the
 * service validates itself, a report whose stages vary) and may grow without a new
 * API version. The TypeScript type stays `unknown` so handlers need no cast.
 */
export const opaque = (type: "object" | "array", description: string) => z.unknown().meta({ type, description });

/** Every error code of the catalogue: the `code` of an error body is one of them. */
export const errorCodes = Object.keys(catalogue) as [ErrorCode, ...ErrorCode[]];

/** The contract's error: `{ code, message, details? }`. */
export const errorData = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional().meta({ description: "what went wrong in detail (problems, limits, states)" }),
});

/** Every error answer: `{ error: { code, message, details? } }`. */
export const errorBody = z.object({ error: errorData });

/** `{ items: [...] }`: a list that fits in one answer. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** `{ items, next }`: a page in id order; `next` is the `after` of the next page, null on the last. */
export const pageAfter = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable() });
