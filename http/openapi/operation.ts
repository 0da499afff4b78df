/**
 * What an operation of the API is, for the OpenAPI document: its route, the zod
 * schemas of its parameters, body and answers, and the error codes it can answer.
 *
 * @module
 */
import type { z } from "zod";
import type { ErrorCode } from "../../errors.ts";

/** How a body or an answer is carried: JSON, lines of JSON, Server-Sent Events, text or bytes. */
export type Media =
  | { kind: "json"; schema: z.ZodType }
  | { kind: "jsonl"; line: z.ZodType; description: string }
  | { kind: "sse"; events: Record<string, z.ZodType>; description: string }
  | { kind: "text"; description: string }
  | { kind: "binary"; description: string };

/** One answer: its description and its body by content type. */
export interface Answer {
  description: string;
  content: Record<string, Media>;
}

/**
 * Who may call an operation (see `http/middleware/auth.ts`): `open` probes, `read`s the
 * read token opens too, `write`s only the API token, and `/metrics` with its own token.
 */
export type Access = "open" | "read" | "write" | "metrics";

export interface Operation {
  method: "get" | "post" | "put";
  /** OpenAPI's template: `/v1/trajectories/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** Path parameters by name, with their description. */
  params?: Record<string, string>;
  query?: z.ZodObject;
  /** Request headers that select how the body is read, by name. */
  headers?: Record<string, string>;
  body?: { required: boolean; description?: string; content: Record<string, Media> };
  /** The successful answers, by status. */
  answers: Record<number, Answer>;
  /** Codes of the catalogue the operation answers with beyond the ones every call can meet. */
  errors: ErrorCode[];
  /** The body of an error answer when it is not the contract's `{ error }` (OTLP's `google.rpc.Status`). */
  errorBody?: z.ZodType;
}

/** A JSON answer. */
export const json = (description: string, schema: z.ZodType): Answer => ({
  description,
  content: { "application/json": { kind: "json", schema } },
});
