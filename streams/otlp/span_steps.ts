/**
 * The steps a span contributes to its trajectory, each with an event id that makes a
 * re-sent span, or the same message seen again on a later chat span, change nothing:
 *
 * - a tool call or result with a call id is `call/<id>` or `result/<id>`, whether it
 *   came from a chat span's messages or an `execute_tool` span;
 * - what the model said is keyed by its text (`said/<hash>`), so the agent span's final
 *   answer and the last chat span's answer are one step;
 * - anything else from a conversation by its position in it and its text;
 * - anything else from a span by the span's id.
 *
 * Indexes are times (microseconds since the epoch, plus a small offset within a
 * span), because spans arrive out of order and across requests; the store numbers a
 * trajectory's steps 0..n-1 by them when it reads them.
 *
 * @module
 */
import type { Message } from "../../schemas/messages/message.ts";
import { messageSteps, type StepDraft, textOf, truncate } from "../../schemas/messages/message_steps.ts";
import { fnv1a } from "../../learning/fnv1a.ts";
import { parsedJson } from "../../schemas/messages/genai_messages.ts";
import type { Span } from "./span.ts";
import { spanMessages } from "./span_messages.ts";
import { number, text } from "./span_role.ts";

/** A step of a span's, before it becomes an event. */
export interface SpanStep {
  /** The event id within the trace. */
  key: string;
  /** Microseconds since the epoch: the order of steps. */
  at: number;
  step: StepDraft;
}

/** Steps of one message at most this far apart in time, so messages keep their order. */
const slot = 16;

/** What a chat span adds: the conversation it was given (from `skipInput` on) and its answer. */
export function chatSteps(span: Span, skipInput: number, toolNames: Map<string, string>): {
  steps: SpanStep[];
  inputLength: number;
} {
  const { input, output } = spanMessages(span);
  const conversation = input.filter((m) => m.role !== "system");
  const steps: SpanStep[] = [];
  conversation.forEach((message, position) => {
    // The input happened before the call: just before its start, in order.
    const at = span.start - (conversation.length - position) * slot;
    if (position >= skipInput) steps.push(...keyed(span, message, position, at, toolNames));
    else learnToolNames(message, toolNames);
  });
  output.forEach((message, j) => {
    const position = conversation.length + j;
    steps.push(...keyed(span, message, position, span.end + j * slot, toolNames));
  });
  const first = steps.find((s) => s.at >= span.end);
  if (first) first.step = { ...first.step, ...usage(span) };
  if (span.status.code === 2) steps.push(failure(span, "model call failed"));
  return { steps, inputLength: conversation.length };
}

/** A message seen before: only its calls' tool names matter, for the results that follow. */
function learnToolNames(message: Message, toolNames: Map<string, string>): void {
  for (const part of message.parts) if (part.type === "tool_call" && part.id) toolNames.set(part.id, part.name);
}

/** What an `execute_tool` span adds: the call (at its start) and the result (at its end). */
export function toolSteps(span: Span): SpanStep[] {
  const a = span.attributes;
  const name = text(a, "gen_ai.tool.name", "tool.name", "traceloop.entity.name") ??
    span.name.replace(/^execute_tool\s+/, "");
  const callId = text(a, "gen_ai.tool.call.id", "tool_call.id");
  const args = parsedJson(
    a["gen_ai.tool.call.arguments"] ?? a["tool_arguments"] ?? a["input.value"] ?? a["traceloop.entity.input"],
  );
  const result = a["gen_ai.tool.call.result"] ?? a["tool_response"] ?? a["output.value"] ??
    a["traceloop.entity.output"];
  const failed = span.status.code === 2;
  const error = failed ? errorText(span) : undefined;
  const call: SpanStep = {
    key: callId ? `call/${callId}` : `span/${span.spanId}/call`,
    at: span.start,
    step: {
      kind: "tool_call",
      role: "assistant",
      content: truncate(`${name}(${textOf(args ?? {})})`),
      tool: { name, input: typeof args === "string" ? truncate(args) : args ?? {}, ...(callId && { callId }) },
      span: spanRef(span),
    },
  };
  const outcome: SpanStep = {
    key: callId ? `result/${callId}` : `span/${span.spanId}/result`,
    at: span.end,
    step: {
      kind: "tool_result",
      role: "tool",
      content: truncate(textOf(parsedJson(result) ?? error ?? "")),
      tool: { name, ...(callId && { callId }) },
      durationMs: (span.end - span.start) / 1000,
      ...(failed && { status: "error" as const, error: error! }),
      span: spanRef(span),
    },
  };
  return [call, outcome];
}

/** What the agent span adds: its final answer (one step with the last chat's, by its text). */
export function agentSteps(span: Span, toolNames: Map<string, string>): SpanStep[] {
  const { output } = spanMessages(span);
  return output.flatMap((message, j) => keyed(span, message, -1, span.end + j * slot, toolNames));
}

/** A message's steps with their keys and times; `position` is its place in the conversation. */
function keyed(
  span: Span,
  message: Message,
  position: number,
  at: number,
  toolNames: Map<string, string>,
): SpanStep[] {
  const hash = contentHash(JSON.stringify(message.parts));
  return messageSteps(message, toolNames).map((step, k) => ({
    key: keyOf(step, position, hash, k),
    at: at + k,
    step: { ...step, span: spanRef(span) },
  }));
}

function keyOf(step: StepDraft, position: number, hash: string, k: number): string {
  const callId = step.tool?.callId;
  if (typeof callId === "string" && step.kind === "tool_call") return `call/${callId}`;
  if (typeof callId === "string" && step.kind === "tool_result") return `result/${callId}`;
  if (step.role === "assistant" && (step.kind === "message" || step.kind === "thought")) {
    return `said/${contentHash(step.content)}`;
  }
  return `m/${position}/${hash}/${k}`;
}

/** A step saying the span failed, for the error patterns to learn from. */
function failure(span: Span, what: string): SpanStep {
  const error = errorText(span);
  return {
    key: `span/${span.spanId}/error`,
    at: span.end + slot - 1,
    step: { kind: "observation", content: `${what}: ${error}`, status: "error", error, span: spanRef(span) },
  };
}

/** The span's error: its status message, `error.type`, or its exception event's message. */
export function errorText(span: Span): string {
  const exception = span.events.find((e) => e.name === "exception")?.attributes;
  return truncate(
    span.status.message || text(exception ?? {}, "exception.message") || text(span.attributes, "error.type") ||
      text(exception ?? {}, "exception.type") || "error",
    2_000,
  );
}

function usage(span: Span): Partial<StepDraft> {
  const a = span.attributes;
  const input = number(a, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt");
  const output = number(
    a,
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.token_count.completion",
  );
  return {
    durationMs: (span.end - span.start) / 1000,
    ...(input !== undefined && output !== undefined &&
      { tokens: { input: Math.max(0, Math.round(input)), output: Math.max(0, Math.round(output)) } }),
  };
}

const spanRef = (span: Span) => ({ id: span.spanId, name: span.name });

/** A short, stable key of a text: its 32-bit FNV-1a hash and its length. */
const contentHash = (text: string) => `${fnv1a(text).toString(16).padStart(8, "0")}${text.length.toString(36)}`;
