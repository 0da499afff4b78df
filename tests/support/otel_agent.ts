/**
 * A small instrumented agent loop traced by the real OpenTelemetry JS SDK, for tests
 * that need what real exporters send: `TracerProvider` (the SDK 3 name of
 * `BasicTracerProvider`) with a `BatchSpanProcessor` at its defaults (batches of
 * 512, 5 s delay, queue 2048) and the OTLP/HTTP exporter of the chosen protocol.
 *
 * Each run follows the GenAI semantic conventions: an `invoke_agent {agent}` root; per
 * turn a `chat {model}` span carrying the whole conversation so far
 * (`gen_ai.input.messages`) and the model's answer (`gen_ai.output.messages`), then
 * one `execute_tool {tool}` span per tool call (a failing tool has status ERROR,
 * `error.type` and an `exception` event); one plain HTTP client span `GET` (no GenAI
 * meaning) inside the first tool call, or under the root when there is none. The
 * final chat answers in text and the root ends last. Times are real; the loop yields
 * to the event loop between steps so the batch processor exports as a real agent's
 * would, instead of overflowing its queue.
 *
 * Resolves after `forceFlush()` and `shutdown()`, with the runs' trace ids; throws if
 * an export failed (unless `allowFailedExports`), with the exporter's error.
 *
 * @example
 * ```ts
 * const { traceIds } = await traceAgentRuns({
 *   url: "http://127.0.0.1:8080/v1/traces",
 *   protocol: "http/protobuf",
 *   runs: [{ task: "What is 2 + 2?", turns: [{ answer: "4" }] }],
 * });
 * ```
 *
 * @module
 */
import {
  type AttributeValue as OtelAttributeValue,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";

/** A tool call the model asks for, with what the tool gives back (or how it fails). */
export interface AgentToolCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** The tool's result (any JSON). Ignored when `error` is set. */
  result?: unknown;
  /** When set, the tool fails: span status ERROR with this message. */
  error?: string;
  /** `error.type` of a failing tool. @default "ToolError" */
  errorType?: string;
  /** @default `call_<run>_<n>` */
  id?: string;
}

/** One model turn: it calls tools (optionally saying something first) or answers in text. */
export type AgentTurn = { toolCalls: AgentToolCall[]; text?: string } | { answer: string };

/** A declarative agent run: the task, what the model does turn by turn, and how it ends. */
export interface AgentRun {
  task: string;
  turns: AgentTurn[];
  /** @default "research-assistant" */
  agent?: string;
  /** @default "gpt-4o-mini" */
  model?: string;
  /** `gen_ai.provider.name`. @default "openai" */
  provider?: string;
  /** `gen_ai.system_instructions` on chat spans. @default a short assistant prompt */
  systemInstructions?: string;
  /** `atlas.outcome` on the root; `failure` also sets the root's status to ERROR. Unset means not said. */
  outcome?: "success" | "failure" | "partial" | "aborted";
  /** The root's status message when the outcome is `failure`. @default "the agent could not finish the task" */
  failureReason?: string;
  /** `atlas.score` (0–1) on the root. */
  score?: number;
  /** `atlas.task.id`, `.family`, `.domain` on the root. */
  taskId?: string;
  family?: string;
  domain?: string;
  /** `gen_ai.conversation.id` on every GenAI span. @default `conv-<run>` */
  conversationId?: string;
  /** A `gen_ai.evaluation.result` event on the root. */
  evaluation?: { name: string; score: number; label?: string };
  /** More attributes for the root span. */
  attributes?: Record<string, OtelAttributeValue>;
}

/** The OTLP/HTTP encodings, named as `OTEL_EXPORTER_OTLP_PROTOCOL` names them. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/** How to export. */
export interface TraceAgentRunsOptions {
  /** The full OTLP/HTTP traces URL, e.g. `http://127.0.0.1:8080/v1/traces`. */
  url: string;
  /** The exporter's protocol; several export the same spans once through each (one exporter and processor each). */
  protocol: OtlpProtocol | OtlpProtocol[];
  runs: readonly AgentRun[];
  headers?: Record<string, string>;
  /** @default "none" */
  compression?: "gzip" | "none";
  /** `service.name` of the resource. @default "atlas-test-agent" */
  serviceName?: string;
  /** How long each step (model call, tool, HTTP request) takes; 0 still yields to the event loop. @default 2 */
  stepMillis?: number;
  /** Resolve even when an export failed (the results say so). @default false */
  allowFailedExports?: boolean;
}

/** What a tracing session produced. */
export interface TracedRuns {
  /** The trace id of each run, in the order of `runs`. */
  traceIds: string[];
  /** Each export made: by which protocol, its result code (0 success), how many spans, and the error if any. */
  exports: { protocol: OtlpProtocol; code: number; spans: number; error?: string }[];
}

/** Runs the agent loop for each run, traced by the real SDK, and exports everything. */
export async function traceAgentRuns(options: TraceAgentRunsOptions): Promise<TracedRuns> {
  const config = {
    url: options.url,
    headers: options.headers ?? {},
    compression: (options.compression ?? "none") as NonNullable<ExporterConfig["compression"]>,
  };
  const protocols = Array.isArray(options.protocol) ? options.protocol : [options.protocol];
  const exports: TracedRuns["exports"] = [];
  const processors = protocols.map((protocol) => {
    const exporter = protocol === "http/json" ? new JsonExporter(config) : new ProtobufExporter(config);
    return new BatchSpanProcessor({ exporter: recording(exporter, protocol, exports) });
  });
  const provider = new TracerProvider({
    // The SDK's default resource (telemetry.sdk.*) under ours, as an application's setup has it.
    resource: defaultResource().merge(resourceFromAttributes({
      "service.name": options.serviceName ?? "atlas-test-agent",
      "service.version": "1.4.2",
      "deployment.environment.name": "test",
    })),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer("atlas-test-agent", "0.3.0");
  const traceIds: string[] = [];
  const step = options.stepMillis ?? 2;
  // The batch processor rejects forceFlush() when an export fails; the recorded
  // results say more (which exports, how many spans), so they make the error.
  let flushError: unknown;
  try {
    for (const [index, run] of options.runs.entries()) traceIds.push(await runAgent(tracer, run, index, step));
    await provider.forceFlush().catch((error) => flushError = error);
  } finally {
    await provider.shutdown().catch((error) => flushError ??= error);
  }
  const failed = exports.filter((e) => e.code !== ExportResultCode.SUCCESS);
  if ((failed.length > 0 || flushError !== undefined) && !options.allowFailedExports) {
    const reasons = failed.length > 0 ? failed.map((e) => e.error).join("; ") : String(flushError);
    throw new Error(`${failed.length} of ${exports.length} OTLP exports failed: ${reasons}`, { cause: flushError });
  }
  return { traceIds, exports };
}

type ExporterConfig = NonNullable<ConstructorParameters<typeof ProtobufExporter>[0]>;
type Tracer = ReturnType<TracerProvider["getTracer"]>;

/** Wraps an exporter to keep each export's result, which the batch processor would only log. */
function recording(exporter: SpanExporter, protocol: OtlpProtocol, results: TracedRuns["exports"]): SpanExporter {
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter.export(spans, (result) => {
        results.push({
          protocol,
          code: result.code,
          spans: spans.length,
          ...(result.error ? { error: describe(result.error) } : {}),
        });
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** An export error as one line: the exporter's message and the HTTP status it got, if any. */
function describe(error: Error & { code?: number }): string {
  return error.code === undefined ? `${error.name}: ${error.message}` : `${error.message} (HTTP ${error.code})`;
}

type Part =
  | { type: "text"; content: string }
  | { type: "tool_call"; id: string; name: string; arguments: unknown }
  | { type: "tool_call_response"; id: string; response: unknown };
type Message = { role: "user" | "assistant" | "tool"; parts: Part[] };

// A real agent awaits its model and tools. Pausing between steps lets the batch
// processor's timers and exports run, as they would; and it keeps the spans' order
// visible in their times: the JS SDK stamps a span's start with Date.now() (whole
// milliseconds) and its end from performance.now(), so two steps less than a
// millisecond apart can appear swapped.
const pause = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));
const tokens = (value: unknown) => Math.max(1, Math.ceil(JSON.stringify(value).length / 4));

async function runAgent(tracer: Tracer, run: AgentRun, runIndex: number, step: number): Promise<string> {
  const agent = run.agent ?? "research-assistant";
  const model = run.model ?? "gpt-4o-mini";
  const provider = run.provider ?? "openai";
  const conversationId = run.conversationId ?? `conv-${runIndex}`;
  const system = run.systemInstructions ?? "You are a careful research assistant. Use the tools when they help.";
  const common = { "gen_ai.provider.name": provider, "gen_ai.conversation.id": conversationId };
  const conversation: Message[] = [{ role: "user", parts: [{ type: "text", content: run.task }] }];

  const root = tracer.startSpan(`invoke_agent ${agent}`, {
    kind: SpanKind.INTERNAL,
    attributes: {
      ...common,
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": agent,
      "gen_ai.agent.id": `agent-${agent}`,
      "gen_ai.request.model": model,
      "gen_ai.input.messages": JSON.stringify(conversation),
      ...(run.taskId === undefined ? {} : { "atlas.task.id": run.taskId }),
      ...(run.family === undefined ? {} : { "atlas.task.family": run.family }),
      ...(run.domain === undefined ? {} : { "atlas.task.domain": run.domain }),
      ...run.attributes,
    },
  });
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  let calls = 0;
  let httpDone = false;
  let usage = { input: 0, output: 0 };
  for (const [turnIndex, turn] of run.turns.entries()) {
    await pause(step);
    const parts: Part[] = [];
    const ids: string[] = [];
    if ("answer" in turn) parts.push({ type: "text", content: turn.answer });
    else {
      if (turn.text) parts.push({ type: "text", content: turn.text });
      for (const call of turn.toolCalls) {
        const id = call.id ?? `call_${runIndex}_${++calls}`;
        ids.push(id);
        parts.push({ type: "tool_call", id, name: call.tool, arguments: call.arguments });
      }
    }
    const finish = "answer" in turn ? "stop" : "tool_call";
    const output = [{ role: "assistant", parts, finish_reason: finish }];
    const chatUsage = { input: tokens([system, conversation]), output: tokens(parts) };
    usage = { input: usage.input + chatUsage.input, output: usage.output + chatUsage.output };
    const chat = tracer.startSpan(`chat ${model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        ...common,
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": model,
        "gen_ai.response.model": `${model}-2024-07-18`,
        "gen_ai.response.id": `resp_${runIndex}_${turnIndex}`,
        "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: system }]),
        "gen_ai.input.messages": JSON.stringify(conversation),
        "gen_ai.output.messages": JSON.stringify(output),
        "gen_ai.usage.input_tokens": chatUsage.input,
        "gen_ai.usage.output_tokens": chatUsage.output,
        "gen_ai.response.finish_reasons": [finish],
      },
    }, inRoot);
    await pause(step);
    chat.end();
    conversation.push({ role: "assistant", parts });
    if ("answer" in turn) continue;
    for (const [k, call] of turn.toolCalls.entries()) {
      const id = ids[k]!;
      await pause(step);
      const response = await runTool(tracer, inRoot, call, id, common, httpDone, step);
      httpDone = true;
      conversation.push({ role: "tool", parts: [{ type: "tool_call_response", id, response }] });
    }
  }
  if (!httpDone) await httpGet(tracer, inRoot, "https://api.example.com/health", step);
  const last = run.turns.at(-1);
  if (last && "answer" in last) {
    root.setAttribute(
      "gen_ai.output.messages",
      JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: last.answer }], finish_reason: "stop" }]),
    );
  }
  root.setAttributes({ "gen_ai.usage.input_tokens": usage.input, "gen_ai.usage.output_tokens": usage.output });
  if (run.outcome !== undefined) root.setAttribute("atlas.outcome", run.outcome);
  if (run.score !== undefined) root.setAttribute("atlas.score", run.score);
  if (run.evaluation) {
    root.addEvent("gen_ai.evaluation.result", {
      "gen_ai.evaluation.name": run.evaluation.name,
      "gen_ai.evaluation.score.value": run.evaluation.score,
      ...(run.evaluation.label === undefined ? {} : { "gen_ai.evaluation.score.label": run.evaluation.label }),
    });
  }
  if (run.outcome === "failure") {
    root.setAttribute("error.type", "AgentFailure");
    root.setStatus({ code: SpanStatusCode.ERROR, message: run.failureReason ?? "the agent could not finish the task" });
  }
  await pause(step);
  root.end();
  return root.spanContext().traceId;
}

async function runTool(
  tracer: Tracer,
  parent: Context,
  call: AgentToolCall,
  id: string,
  common: Record<string, string>,
  httpDone: boolean,
  step: number,
): Promise<unknown> {
  const span = tracer.startSpan(`execute_tool ${call.tool}`, {
    kind: SpanKind.INTERNAL,
    attributes: {
      ...common,
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": call.tool,
      "gen_ai.tool.type": "function",
      "gen_ai.tool.call.id": id,
      "gen_ai.tool.call.arguments": JSON.stringify(call.arguments),
    },
  }, parent);
  // The run's one span without GenAI meaning: the first tool calls out over HTTP.
  if (!httpDone) await httpGet(tracer, trace.setSpan(parent, span), `https://api.example.com/${call.tool}`, step);
  await pause(step);
  let response: unknown;
  if (call.error !== undefined) {
    const type = call.errorType ?? "ToolError";
    span.recordException({ name: type, message: call.error });
    span.setAttribute("error.type", type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: call.error });
    response = { error: call.error };
  } else {
    response = call.result ?? null;
  }
  span.setAttribute("gen_ai.tool.call.result", JSON.stringify(response));
  span.end();
  return response;
}

async function httpGet(tracer: Tracer, parent: Context, url: string, step: number): Promise<void> {
  const { host } = new URL(url);
  const span: Span = tracer.startSpan("GET", {
    kind: SpanKind.CLIENT,
    attributes: {
      "http.request.method": "GET",
      "url.full": url,
      "server.address": host,
      "server.port": 443,
    },
  }, parent);
  await pause(step);
  span.setAttribute("http.response.status_code", 200);
  span.end();
}
