/**
 * The Llm port on the Anthropic Messages API: structured answers through one
 * forced tool call, the long system prompt cached, calls limited in number and
 * retried here (not in the SDK) so that every retry is logged, counted and testable.
 *
 * Forced tool use needs thinking off, so requests send `thinking: {type: "disabled"}`:
 * models that think by default (Sonnet 5, Opus 5) would otherwise refuse the forced
 * tool. Sonnet 5.5 and Opus 5.5 refuse forced tool use altogether (400, so E7911).
 *
 * @module
 */
import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { AtlasError, ensureError } from "../errors.ts";
import { type Logger, silentLogger } from "../log.ts";
import { Limiter } from "./limiter.ts";
import type { Llm, StructuredRequest } from "./llm.ts";
import { UsageLedger } from "./usage.ts";

/** The model used when none is configured: current, and accepts forced tool use with thinking off. */
export const defaultModel = "claude-sonnet-5";

export interface AnthropicLlmOptions {
  apiKey: string;
  /** @default "https://api.anthropic.com" */
  baseURL?: string;
  /** @default defaultModel */
  model?: string;
  /** Calls in flight at once; more wait their turn. @default 4 */
  concurrency?: number;
  /** Attempts after the first, on 429, 5xx (529 included) and connection errors. @default 4 */
  maxRetries?: number;
  /** Backoff before the first retry, doubled for each next one, with jitter. @default 1000 */
  baseDelayMs?: number;
  /** Longest wait before a retry, also capping what `retry-after` asks. @default 60000 */
  maxDelayMs?: number;
  /** Time limit of one attempt. @default 120000 */
  timeoutMs?: number;
  /** Where tokens, cost, failures and retries are counted. @default a new ledger */
  usage?: UsageLedger;
  /** @default silentLogger */
  log?: Logger;
  /** How the client waits before a retry; tests pass a recorder. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** The fetch the SDK uses. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Structured answers from Claude. */
export class AnthropicLlm implements Llm {
  readonly model: string;
  readonly usage: UsageLedger;
  readonly #client: Anthropic;
  readonly #limiter: Limiter;
  readonly #log: Logger;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #retry: { maxRetries: number; baseDelayMs: number; maxDelayMs: number };

  constructor(options: AnthropicLlmOptions) {
    if (!options.apiKey) throw new AtlasError("E7500", "the Anthropic client needs an API key");
    this.model = options.model ?? defaultModel;
    this.usage = options.usage ?? new UsageLedger();
    this.#limiter = new Limiter(options.concurrency ?? 4);
    this.#log = (options.log ?? silentLogger).child({ component: "llm", model: this.model });
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = options.random ?? Math.random;
    this.#retry = {
      maxRetries: options.maxRetries ?? 4,
      baseDelayMs: options.baseDelayMs ?? 1_000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
    };
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      // Explicit values keep the SDK from reading its own environment variables:
      // config.ts is the only reader of the environment.
      baseURL: options.baseURL ?? "https://api.anthropic.com",
      webhookKey: null,
      logLevel: "off",
      openTelemetry: false,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 120_000,
      ...(options.fetch && { fetch: options.fetch }),
    });
  }

  async structured<T>(request: StructuredRequest<T>): Promise<T> {
    try {
      const body = this.#body(request);
      // The slot is held through the retries: a rate-limited client then slows down
      // as a whole instead of letting queued calls pile onto the limit.
      return await this.#limiter.run(async () => {
        const message = await this.#send(request.purpose, body);
        this.#record(request.purpose, message);
        return parseAnswer(request, message);
      });
    } catch (error) {
      const failure = ensureError(error, "E7911");
      this.usage.recordFailure(request.purpose, failure.code);
      this.#log.warn("llm call failed", { purpose: request.purpose, ...failure.toData() });
      throw failure;
    }
  }

  #body<T>(request: StructuredRequest<T>): Anthropic.MessageCreateParamsNonStreaming {
    const { name, description } = request.tool;
    return {
      model: this.model,
      max_tokens: request.maxTokens ?? 1024,
      // The breakpoint on the system block caches the tool definition too (tools come
      // first in the cached prefix), so repeated purposes pay ~0.1× for both.
      ...(request.system && { system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }] }),
      messages: [{ role: "user", content: request.prompt }],
      tools: [{ name, input_schema: inputSchema(request), ...(description && { description }) }],
      tool_choice: { type: "tool", name },
      thinking: { type: "disabled" },
    };
  }

  async #send(purpose: string, body: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
    for (let attempt = 1;; attempt++) {
      const started = performance.now();
      try {
        const message = await this.#client.messages.create(body);
        this.#log.debug("llm call answered", { purpose, attempt, ms: Math.round(performance.now() - started) });
        return message;
      } catch (error) {
        const failure = classify(error);
        if (!failure.retryable || attempt > this.#retry.maxRetries) throw providerError(failure, purpose, attempt);
        const { baseDelayMs, maxDelayMs } = this.#retry;
        const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        // Half fixed, half random ("equal jitter"): spread out, yet never retrying at once.
        const delayMs = Math.min(failure.retryAfterMs ?? ceiling / 2 + (this.#random() * ceiling) / 2, maxDelayMs);
        this.usage.recordRetry(purpose, failure.status);
        this.#log.warn("llm call retrying", { purpose, status: failure.status, attempt, delayMs });
        await this.#sleep(delayMs);
      }
    }
  }

  #record(purpose: string, message: Anthropic.Message): void {
    const u = message.usage;
    this.usage.record({
      purpose,
      model: message.model || this.model,
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      cacheCreationInputTokens: u.cache_creation_input_tokens ?? 0,
      cacheReadInputTokens: u.cache_read_input_tokens ?? 0,
    });
  }
}

/** How long the API asks to wait, from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface Failure {
  error: unknown;
  /** `null` when there was no HTTP answer (connection refused, timeout). */
  status: number | null;
  retryable: boolean;
  retryAfterMs: number | undefined;
}

function classify(error: unknown): Failure {
  if (error instanceof Anthropic.APIConnectionError) {
    return { error, status: null, retryable: true, retryAfterMs: undefined };
  }
  if (!(error instanceof Anthropic.APIError) || error.status === undefined) {
    return { error, status: null, retryable: false, retryAfterMs: undefined };
  }
  const { status, headers } = error;
  // The API may say outright whether a retry can help; otherwise rate limits and
  // server-side failures can, and the caller's own mistakes (other 4xx) cannot.
  const says = headers?.get("x-should-retry");
  const retryable = says === "true" || (says !== "false" && (status === 429 || status >= 500));
  return { error, status, retryable, retryAfterMs: retryAfterMs(headers) };
}

function providerError(failure: Failure, purpose: string, attempts: number): AtlasError {
  const { error, status } = failure;
  const api = error instanceof Anthropic.APIError ? error : undefined;
  const said = api?.apiMessage ?? (error instanceof Error ? error.message : String(error));
  const details = { purpose, status, type: api?.type ?? null, requestId: api?.requestID ?? null, attempts };
  if (status === 429 || status === 529) {
    const message = `LLM rate limited for ${purpose} after ${attempts} attempt(s): ${status} ${said}`;
    return new AtlasError("E7701", message, { details, cause: error, retryable: true });
  }
  const message = `LLM provider error for ${purpose} after ${attempts} attempt(s): ${status ?? "no response"} ${said}`;
  return new AtlasError("E7911", message, { details, cause: error, retryable: failure.retryable });
}

/** The tool's input schema: the zod schema's input side as JSON Schema, cached per schema. */
function inputSchema<T>(request: StructuredRequest<T>): Anthropic.Tool.InputSchema {
  let schema = jsonSchemas.get(request.schema);
  if (!schema) {
    const { $schema: _, ...rest } = z.toJSONSchema(request.schema, { io: "input" }) as Record<string, unknown>;
    if (rest.type !== "object") {
      throw new AtlasError("E7999", `the ${request.purpose} answer schema must describe an object (a tool's input)`);
    }
    schema = rest as Anthropic.Tool.InputSchema;
    jsonSchemas.set(request.schema, schema);
  }
  return schema;
}
const jsonSchemas = new WeakMap<object, Anthropic.Tool.InputSchema>();

/** The tool call's input, validated; E7912 when there is none or it does not match. */
function parseAnswer<T>(request: StructuredRequest<T>, message: Anthropic.Message): T {
  const { purpose, tool } = request;
  const cutOff = message.stop_reason === "max_tokens" ? ` (cut off at max_tokens ${request.maxTokens ?? 1024})` : "";
  const call = message.content.find((block) => block.type === "tool_use" && block.name === tool.name);
  const base = { purpose, tool: tool.name, stopReason: message.stop_reason, messageId: message.id };
  if (!call || call.type !== "tool_use") {
    const text = message.content.flatMap((block) => block.type === "text" ? [block.text] : []).join(" ").slice(0, 200);
    const details = { ...base, text };
    throw new AtlasError("E7912", `the model answered ${purpose} without calling ${tool.name}${cutOff}`, { details });
  }
  const parsed = request.schema.safeParse(call.input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join("."),
    code: issue.code,
    message: issue.message,
  }));
  const first = issues[0] ? `${issues[0].path || "(root)"}: ${issues[0].message}` : "invalid";
  const more = parsed.error.issues.length > 1 ? ` and ${parsed.error.issues.length - 1} more issue(s)` : "";
  throw new AtlasError("E7912", `the model's ${purpose} answer does not match its schema${cutOff}: ${first}${more}`, {
    details: { ...base, issues },
  });
}
