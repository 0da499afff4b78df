/**
 * An external model endpoint as the two wire formats see it: settings resolved once,
 * and the one error every failed call becomes (E7207), with the API key scrubbed
 * from whatever the server said, since some servers echo the key they rejected.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";

export type EndpointFormat = "chat-completions" | "anthropic";

/** An endpoint's settings with the defaults applied. */
export interface EndpointSettings {
  format: EndpointFormat;
  /** Without a trailing slash. */
  url: string;
  model: string;
  apiKey: string | null;
  system: string | null;
  /** null: the chat-completions request leaves it out and the server decides. */
  maxTokens: number | null;
  timeoutMs: number;
}

/** A failed call as E7207: the HTTP status (null when there was no answer) and what the server said. */
export function endpointError(settings: EndpointSettings, status: number | null, said: string): AtlasError {
  const { format, model, apiKey } = settings;
  const scrubbed = apiKey ? said.replaceAll(apiKey, "[redacted]") : said;
  const what = status === null ? "gave no answer" : `answered ${status}`;
  return new AtlasError("E7207", `${format} endpoint for ${model} ${what}: ${scrubbed}`, {
    details: { format, model, status },
  });
}
