/**
 * A candidate that is not in this process: a model served over HTTP in the
 * OpenAI chat-completions format or the Anthropic Messages format.
 *
 * @example
 * ```ts
 * const candidate = endpointCandidate({
 *   url: "http://127.0.0.1:8000/v1",
 *   format: "chat-completions",
 *   model: "atlas-ft-2024-06",
 *   system: "Answer with Finish[SUPPORTS] or Finish[REFUTES].",
 * });
 * const answer = await candidate.answer("Paramore is not from Tennessee.");
 * ```
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import { anthropicCandidate } from "./anthropic_candidate.ts";
import type { Candidate } from "./candidate.ts";
import { chatCompletionsCandidate } from "./chat_completions_candidate.ts";
import type { EndpointSettings } from "./endpoint.ts";

/** How an endpoint is reached. */
export const endpointOptionsSchema = z.strictObject({
  /**
   * Base URL. chat-completions: up to the version, e.g. `https://api.openai.com/v1`
   * (`/chat/completions` is added); anthropic: the host, e.g. `https://api.anthropic.com`.
   */
  url: z.url({ protocol: /^https?$/ }),
  format: z.enum(["chat-completions", "anthropic"]),
  model: z.string().min(1),
  /** Sent as a bearer token (chat-completions) or through the SDK (anthropic, where it is required). */
  apiKey: z.string().min(1).optional(),
  system: z.string().min(1).optional(),
  /** @default unset for chat-completions (the server decides), 1024 for anthropic */
  maxTokens: z.number().int().positive().optional(),
  /** Time limit of one call. @default 60000 */
  timeoutMs: z.number().int().positive().default(60_000),
  /** The candidate's id in reports. @default `${format}:${model}` */
  id: z.string().min(1).optional(),
});

export type EndpointCandidateOptions = z.input<typeof endpointOptionsSchema>;

/** A candidate answering through `options.url`; throws E7205 when the options are invalid. */
export function endpointCandidate(options: EndpointCandidateOptions): Candidate {
  const parsed = endpointOptionsSchema.safeParse(options);
  if (!parsed.success) {
    // The issues are left out of the details: they could quote the API key.
    throw new AtlasError("E7205", `invalid candidate endpoint: ${z.prettifyError(parsed.error)}`);
  }
  const { url, format, model, apiKey, system, maxTokens, timeoutMs, id = `${format}:${model}` } = parsed.data;
  const settings: EndpointSettings = {
    format,
    url: url.replace(/\/+$/, ""),
    model,
    apiKey: apiKey ?? null,
    system: system ?? null,
    maxTokens: maxTokens ?? null,
    timeoutMs,
  };
  return format === "anthropic" ? anthropicCandidate(settings, id) : chatCompletionsCandidate(settings, id);
}
