/**
 * A candidate behind the Anthropic Messages API, or anything that speaks it, called
 * with the real SDK pointed at the endpoint's URL (the SDK adds `/v1/messages`).
 *
 * @module
 */
import Anthropic from "@anthropic-ai/sdk";
import { AtlasError } from "../errors.ts";
import type { Candidate } from "./candidate.ts";
import { endpointError, type EndpointSettings } from "./endpoint.ts";

/** The Messages API demands `max_tokens`; this is used when the settings leave it out. */
export const defaultAnthropicMaxTokens = 1024;

/** Answers through the Messages API; every failure is E7207. Needs an API key (E7205 without). */
export function anthropicCandidate(settings: EndpointSettings, id: string): Candidate {
  if (settings.apiKey === null) {
    // Without a key the SDK would search the environment and config files for one.
    throw new AtlasError("E7205", "an anthropic-format endpoint needs an apiKey");
  }
  const client = new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.url,
    // Explicit values keep the SDK from reading its own environment variables.
    webhookKey: null,
    logLevel: "off",
    openTelemetry: false,
    // A retried call would count its retries into the latency being measured.
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
  return { id, answer: (input) => complete(client, settings, input) };
}

async function complete(client: Anthropic, settings: EndpointSettings, input: string): Promise<string> {
  let message: Anthropic.Message;
  try {
    message = await client.messages.create({
      model: settings.model,
      max_tokens: settings.maxTokens ?? defaultAnthropicMaxTokens,
      ...(settings.system !== null && { system: settings.system }),
      messages: [{ role: "user", content: input }],
    });
  } catch (error) {
    throw failure(settings, error);
  }
  return message.content.flatMap((block) => block.type === "text" ? [block.text] : []).join("");
}

function failure(settings: EndpointSettings, error: unknown): AtlasError {
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return endpointError(settings, null, `timed out after ${settings.timeoutMs} ms`);
  }
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    return endpointError(settings, error.status, error.apiMessage ?? error.message);
  }
  return endpointError(settings, null, error instanceof Error ? error.message : String(error));
}
