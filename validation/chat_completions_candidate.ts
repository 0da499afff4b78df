/**
 * A candidate behind an OpenAI-style chat-completions endpoint (OpenAI, vLLM,
 * Ollama, LiteLLM and most fine-tuning hosts): `POST {url}/chat/completions` with
 * the system and user turns, the answer in `choices[0].message.content`.
 *
 * @module
 */
import type { Candidate } from "./candidate.ts";
import { endpointError, type EndpointSettings } from "./endpoint.ts";

/** The parts of a completion this reads. */
interface Completion {
  choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }>;
}

/** Answers through `{url}/chat/completions`; every failure is E7207. */
export function chatCompletionsCandidate(settings: EndpointSettings, id: string): Candidate {
  return { id, answer: (input) => complete(settings, input) };
}

async function complete(settings: EndpointSettings, input: string): Promise<string> {
  const { url, model, apiKey, system, maxTokens, timeoutMs } = settings;
  const user = { role: "user", content: input };
  const messages = system === null ? [user] : [{ role: "system", content: system }, user];
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey !== null && { authorization: `Bearer ${apiKey}` }) },
      body: JSON.stringify({ model, messages, ...(maxTokens !== null && { max_tokens: maxTokens }) }),
      // Covers the body too: a server that sends headers and then stalls is as slow as one that never answers.
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw endpointError(settings, null, timedOut ? `timed out after ${timeoutMs} ms` : String(error));
  }
  if (!response.ok) throw endpointError(settings, response.status, errorMessage(text));
  const content = contentOf(text);
  if (content === null) {
    throw endpointError(settings, response.status, "the answer has no text in choices[0].message.content");
  }
  return content;
}

/**
 * The message's text: a string, or the text parts of a list joined. A refusal
 * (`content` null, `refusal` set) is the answer, so the safety stage counts it.
 */
function contentOf(text: string): string | null {
  let completion: Completion;
  try {
    completion = JSON.parse(text);
  } catch {
    return null;
  }
  const message = completion?.choices?.[0]?.message;
  const content = message?.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
  }
  return typeof message?.refusal === "string" ? message.refusal : null;
}

/** OpenAI's `{ error: { message } }` when the body has it, else the body itself, cut short. */
function errorMessage(text: string): string {
  try {
    const said = JSON.parse(text)?.error?.message;
    if (typeof said === "string") return said;
  } catch {
    // Not JSON: a proxy's HTML page or plain text, shown as it is.
  }
  return text.slice(0, 500) || "(empty body)";
}
