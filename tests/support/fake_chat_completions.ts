/**
 * A local fake of an OpenAI-style chat-completions endpoint
 * (`POST {url}/chat/completions`, with `url` ending in `/v1` as real base URLs do):
 * tests point a client at it and compute each answer from the request.
 *
 * The handler returns the assistant's text, which the fake wraps in a completion,
 * or a whole `Response` for anything else (an error status, a malformed body). With
 * no handler every request is answered 400, so a forgotten script fails loudly.
 *
 * @example
 * ```ts
 * await using fake = await startFakeChatCompletions((req) => req.prompt.toUpperCase());
 * const candidate = endpointCandidate({ url: fake.url, format: "chat-completions", model: "m" });
 * assert.equal(await candidate.answer("hi"), "HI");
 * assert.equal(fake.requests[0]!.body.model, "m");
 * ```
 *
 * @module
 */

/** The parts of a request body the fake reads; everything else is kept as sent. */
export interface ChatCompletionsBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  [key: string]: unknown;
}

/** One request as the fake received it. */
export interface FakeChatRequest {
  body: ChatCompletionsBody;
  headers: Headers;
  /** The system turns' text, joined; `""` when none. */
  system: string;
  /** The user turns' text, joined. */
  prompt: string;
}

/** Returns the assistant's text, or a `Response` to send as it is. */
export type ChatHandler = (request: FakeChatRequest) => string | Response | Promise<string | Response>;

/** A running fake; `close()` it, or declare it with `await using`. */
export interface FakeChatCompletions extends AsyncDisposable {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:43117/v1`. */
  url: string;
  /** Every `POST /v1/chat/completions` received, in order. */
  requests: FakeChatRequest[];
  close(): Promise<void>;
}

/** An error in OpenAI's format, `{ error: { message, type } }`. */
export function chatError(status: number, message: string): Response {
  return Response.json({ error: { message, type: status >= 500 ? "server_error" : "invalid_request_error" } }, {
    status,
  });
}

/** Starts a fake chat-completions endpoint on a free local port. */
export function startFakeChatCompletions(handler?: ChatHandler): Promise<FakeChatCompletions> {
  const requests: FakeChatRequest[] = [];
  let serial = 0;

  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "POST" || path !== "/v1/chat/completions") return chatError(404, `${req.method} ${path}`);
    const request = parse(await req.text(), req.headers);
    requests.push(request);
    if (typeof request.body.model !== "string" || request.body.messages.length === 0) {
      return chatError(400, "model and messages are required");
    }
    if (handler === undefined) return chatError(400, "fake chat-completions: no answer scripted for this request");
    try {
      const answer = await handler(request);
      return answer instanceof Response ? answer : completion(++serial, request.body.model, answer);
    } catch (error) {
      return chatError(500, `fake chat-completions handler threw: ${String(error)}`);
    }
  });

  const fake: FakeChatCompletions = {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    close: () => server.shutdown(),
    [Symbol.asyncDispose]: () => fake.close(),
  };
  return Promise.resolve(fake);
}

function completion(id: number, model: string, content: string): Response {
  return Response.json({
    id: `chatcmpl-fake-${id}`,
    object: "chat.completion",
    created: 0,
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop" }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  });
}

/** The request as the fake reads it; a body that is not JSON becomes one without messages. */
function parse(text: string, headers: Headers): FakeChatRequest {
  let body: ChatCompletionsBody;
  try {
    body = JSON.parse(text);
  } catch {
    body = {} as ChatCompletionsBody;
  }
  if (!Array.isArray(body.messages)) body.messages = [];
  const textOf = (content: unknown) => typeof content === "string" ? content : "";
  const turns = (role: string) =>
    body.messages.filter((m) => m?.role === role).map((m) => textOf(m.content)).join("\n");
  return { body, headers, system: turns("system"), prompt: turns("user") };
}
