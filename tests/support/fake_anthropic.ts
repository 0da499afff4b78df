/**
 * A local fake of the Anthropic Messages API (`POST /v1/messages`), real enough for
 * the real SDK: tests point the client's `baseURL` at it and script its answers.
 *
 * Each request takes the next queued answer (`enqueue`), else the standing handler
 * (`respond`, or the one given to `startFakeAnthropic`). A handler gets the parsed
 * request and returns either a `reply.*` answer or, for the common case, the input
 * of the tool call to answer with. With nothing scripted the fake answers 400, so a
 * forgotten script fails loudly instead of looking like a model's mistake.
 *
 * Usage mimics prompt caching: tokens are estimated as `estimateTokens` (a quarter
 * of the characters); a system prompt sent with `cache_control` counts as a cache
 * write the first time the fake sees it for a model and as a cache read after, and
 * the user turn counts as input. There is no minimum cacheable length.
 *
 * @example
 * ```ts
 * await using fake = await startFakeAnthropic((req) => ({ verdict: req.prompt.includes("ok") }));
 * fake.enqueue(reply.rateLimited({ retryAfter: "2" }));
 * const llm = new AnthropicLlm({ apiKey: "test", baseURL: fake.url, sleep: async () => {} });
 * await llm.structured({ ... });
 * assert.equal(fake.requests.length, 2);
 * ```
 *
 * @module
 */

/** The parts of a Messages request body the fake reads; everything else is kept as sent. */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string | Array<{ type: string; text: string; cache_control?: unknown }>;
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>;
  tools?: Array<{ name: string; description?: string; input_schema: { type?: string } & Record<string, unknown> }>;
  tool_choice?: { type: string; name?: string };
  [key: string]: unknown;
}

/** One request as the fake received it. */
export interface FakeRequest {
  body: MessagesBody;
  headers: Headers;
  /** The system prompt's text, blocks joined; `""` when none. */
  system: string;
  /** The user turns' text, joined. */
  prompt: string;
}

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

type Spec =
  | { kind: "tool"; input: unknown; usage?: Partial<FakeUsage> }
  | { kind: "text"; text: string; usage?: Partial<FakeUsage> }
  | { kind: "error"; status: number; type: string; message: string; headers: Record<string, string> };

/** A scripted answer; build one with `reply`. */
export class FakeReply {
  constructor(readonly spec: Spec) {}
}

/** What a handler returns: a `reply.*` answer, or the input of the tool call to answer with. */
export type Handler = (request: FakeRequest) => unknown | Promise<unknown>;

const errorTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** The answers a test can script. */
export const reply = {
  /** A call of the requested tool with `input`. */
  tool: (input: unknown, usage?: Partial<FakeUsage>) => new FakeReply({ kind: "tool", input, ...usage && { usage } }),
  /** Plain text and no tool call, as a model that ignored the tool would answer. */
  text: (text: string, usage?: Partial<FakeUsage>) => new FakeReply({ kind: "text", text, ...usage && { usage } }),
  /** An error in the API's format, `{ type: "error", error: { type, message } }`. */
  error: (status: number, message = `fake error ${status}`, headers: Record<string, string> = {}) =>
    new FakeReply({ kind: "error", status, type: errorTypes[status] ?? "api_error", message, headers }),
  /** 429 with `retry-after` (seconds or an HTTP date) and any other headers, e.g. `retry-after-ms`. */
  rateLimited: ({ retryAfter = "0", headers = {} }: { retryAfter?: string; headers?: Record<string, string> } = {}) =>
    reply.error(429, "Number of request tokens has exceeded your per-minute rate limit", {
      "retry-after": retryAfter,
      ...headers,
    }),
  /** 529: the API is overloaded. */
  overloaded: () => reply.error(529, "Overloaded"),
};

/** The fake's token estimate: a quarter of the characters, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A running fake; `close()` it, or declare it with `await using`. */
export interface FakeAnthropic extends AsyncDisposable {
  /** Base URL for the SDK, e.g. `http://127.0.0.1:43117`. */
  url: string;
  /** Every `POST /v1/messages` received, in order, answered or not. */
  requests: FakeRequest[];
  /** Requests being answered right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Sets the handler for requests with nothing queued. */
  respond(handler: Handler): void;
  /** Queues one-shot answers, used in order before the handler. */
  enqueue(...answers: Array<FakeReply | Handler>): void;
  /** Holds every request (recorded, not answered) until `release()`. */
  hold(): { release(): void };
  /** Resolves once `count` requests have been received. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fake Messages API on a free local port. `apiKey`, when given, is the only key accepted. */
export function startFakeAnthropic(handler?: Handler, options: { apiKey?: string } = {}): Promise<FakeAnthropic> {
  const requests: FakeRequest[] = [];
  const queue: Array<FakeReply | Handler> = [];
  const cached = new Set<string>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let standing = handler;
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let inFlight = 0;
  let maxInFlight = 0;
  let serial = 0;

  const answer = async (request: FakeRequest): Promise<Response> => {
    const rejected = check(request, options.apiKey);
    if (rejected) return render(rejected, request);
    const next = queue.shift() ?? standing;
    if (next === undefined) {
      return render(reply.error(400, "fake Anthropic: no answer scripted for this request"), request);
    }
    try {
      const result = next instanceof FakeReply ? next : await next(request);
      return render(result instanceof FakeReply ? result : reply.tool(result), request);
    } catch (error) {
      return render(reply.error(500, `fake Anthropic handler threw: ${String(error)}`), request);
    }
  };

  const render = (answer: FakeReply, request: FakeRequest): Response => {
    const id = ++serial;
    const headers = { "content-type": "application/json", "request-id": `req_fake_${id}` };
    const spec = answer.spec;
    if (spec.kind === "error") {
      const body = { type: "error", error: { type: spec.type, message: spec.message }, request_id: `req_fake_${id}` };
      return Response.json(body, { status: spec.status, headers: { ...headers, ...spec.headers } });
    }
    const content = spec.kind === "tool"
      ? [{ type: "tool_use", id: `toolu_fake_${id}`, name: toolName(request.body), input: spec.input }]
      : [{ type: "text", text: spec.text, citations: null }];
    const output = spec.kind === "tool" ? JSON.stringify(spec.input) ?? "" : spec.text;
    const message = {
      id: `msg_fake_${id}`,
      type: "message",
      role: "assistant",
      model: request.body.model,
      content,
      stop_reason: spec.kind === "tool" ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { ...usage(request, output), ...spec.usage },
    };
    return Response.json(message, { headers });
  };

  const usage = (request: FakeRequest, output: string): FakeUsage => {
    const system = estimateTokens(request.system);
    const cacheable = Array.isArray(request.body.system) && request.body.system.some((b) => b.cache_control);
    const key = `${request.body.model}\n${request.system}`;
    const hit = cacheable && cached.has(key);
    if (cacheable) cached.add(key);
    return {
      input_tokens: estimateTokens(request.prompt) + (cacheable ? 0 : system),
      output_tokens: estimateTokens(output),
      cache_creation_input_tokens: cacheable && !hit ? system : 0,
      cache_read_input_tokens: hit ? system : 0,
    };
  };

  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "POST" || path !== "/v1/messages") {
      return Response.json({ type: "error", error: { type: "not_found_error", message: `${req.method} ${path}` } }, {
        status: 404,
      });
    }
    const request = parse(await req.text(), req.headers);
    requests.push(request);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      if (gate) await gate;
      return await answer(request);
    } finally {
      inFlight--;
    }
  });

  const fake: FakeAnthropic = {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    respond: (next) => void (standing = next),
    enqueue: (...answers) => void queue.push(...answers),
    hold() {
      gate ??= new Promise((resolve) => open = resolve);
      return { release: () => (open?.(), gate = undefined) };
    },
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    async close() {
      open?.();
      gate = undefined;
      await server.shutdown();
    },
    [Symbol.asyncDispose]: () => fake.close(),
  };
  return Promise.resolve(fake);
}

/** The request as the fake reads it; a body that is not JSON becomes an empty one, rejected by `check`. */
function parse(text: string, headers: Headers): FakeRequest {
  let body: MessagesBody;
  try {
    body = JSON.parse(text);
  } catch {
    body = {} as MessagesBody;
  }
  const textOf = (content: unknown): string =>
    typeof content === "string"
      ? content
      : Array.isArray(content)
      ? content.map((block) => (typeof block?.text === "string" ? block.text : "")).join("\n")
      : "";
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return {
    body,
    headers,
    system: textOf(body.system),
    prompt: messages.filter((m) => m?.role === "user").map((m) => textOf(m.content)).join("\n"),
  };
}

/** The API's own refusals the client could cause: no key, no version header, a malformed body. */
function check({ body, headers }: FakeRequest, apiKey: string | undefined): FakeReply | undefined {
  const key = headers.get("x-api-key") ?? headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (key === "" || (apiKey !== undefined && key !== apiKey)) return reply.error(401, "invalid x-api-key");
  if (!headers.get("anthropic-version")) return reply.error(400, "anthropic-version: header is required");
  if (typeof body.model !== "string") return reply.error(400, "model: Field required");
  if (typeof body.max_tokens !== "number") return reply.error(400, "max_tokens: Field required");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return reply.error(400, "messages: Field required");
  for (const tool of body.tools ?? []) {
    if (tool.input_schema?.type !== "object") {
      return reply.error(400, `tools.${tool.name}.input_schema.type: Input should be 'object'`);
    }
  }
  const choice = body.tool_choice;
  if (choice?.type === "tool" && !(body.tools ?? []).some((t) => t.name === choice.name)) {
    return reply.error(400, `tool_choice: tool '${choice.name}' not found in tools`);
  }
  return undefined;
}

/** The tool a tool call answers with: the forced one, else the first offered. */
function toolName(body: MessagesBody): string {
  if (body.tool_choice?.type === "tool" && body.tool_choice.name) return body.tool_choice.name;
  return body.tools?.[0]?.name ?? "answer";
}
