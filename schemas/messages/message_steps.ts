/**
 * A conversation's messages as trajectory steps (CONTRACT section 1): what the model
 * said becomes a `message` (its answer) or a `thought` (text beside tool calls, and
 * reasoning); each tool call a `tool_call`; each tool answer a `tool_result` named
 * after its call; a user's words a `message`. System prompts are the agent's policy,
 * not a step of the run, and are left out.
 *
 * @module
 */
import type { StepBody } from "../mod.ts";
import type { Message, Part } from "./message.ts";

/** A step before it has its place in the trajectory (`Omit` would drop the known keys of a loose object). */
export type StepDraft = { [K in keyof StepBody as K extends "index" ? never : K]: StepBody[K] };

/** Longest text a step keeps; past it the text is cut and says how much was cut. */
export const maxStepText = 64 * 1024;

/** `text` cut to `max` characters with a mark saying how many were left out. */
export function truncate(text: string, max = maxStepText): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[truncated ${text.length - max} characters]`;
}

/** A value as text: strings as they are, anything else as JSON. */
export const textOf = (value: unknown): string =>
  typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value) ?? String(value);

/**
 * The steps of one message, in the order of its parts. `toolNames` maps tool-call ids
 * to tool names: calls add to it, results read it (a result rarely names its tool).
 */
export function messageSteps(message: Message, toolNames: Map<string, string>): StepDraft[] {
  if (message.role === "system") return [];
  const calls = message.parts.some((p) => p.type === "tool_call");
  const steps: StepDraft[] = [];
  const text: string[] = [];
  const flushText = () => {
    const joined = text.join("\n").trim();
    text.length = 0;
    if (!joined) return;
    if (message.role === "assistant") {
      steps.push(calls ? thought(joined) : { kind: "message", role: "assistant", content: truncate(joined) });
    } else if (message.role === "tool") {
      steps.push(result({ type: "tool_call_response", response: joined }, message.name, toolNames));
    } else steps.push({ kind: "message", role: message.role, content: truncate(joined) });
  };
  for (const part of message.parts) {
    if (part.type === "text") {
      text.push(part.content);
      continue;
    }
    flushText();
    if (part.type === "reasoning") {
      if (part.content.trim()) steps.push(thought(part.content.trim()));
    } else if (part.type === "tool_call") {
      if (part.id) toolNames.set(part.id, part.name);
      steps.push(call(part));
    } else steps.push(result(part, message.name, toolNames));
  }
  flushText();
  return steps;
}

/** The steps of a whole conversation, indexed 0..n-1 in order (tool names resolved across messages). */
export function conversationSteps(messages: readonly Message[]): StepBody[] {
  const toolNames = new Map<string, string>();
  return messages.flatMap((message) => messageSteps(message, toolNames)).map((step, index) => ({ ...step, index }));
}

const thought = (content: string): StepDraft => ({ kind: "thought", role: "assistant", content: truncate(content) });

function call(part: Extract<Part, { type: "tool_call" }>): StepDraft {
  const args = textOf(part.arguments ?? {});
  return {
    kind: "tool_call",
    role: "assistant",
    content: truncate(`${part.name}(${args})`),
    tool: {
      name: part.name,
      input: typeof part.arguments === "string" ? truncate(part.arguments) : part.arguments ?? {},
      ...(part.id && { callId: part.id }),
    },
  };
}

function result(
  part: Extract<Part, { type: "tool_call_response" }>,
  messageName: string | undefined,
  toolNames: Map<string, string>,
): StepDraft {
  // `||`, not `??`: an empty id or name (some OpenAI-compatible servers send `""`) names nothing.
  const name = part.name || (part.id ? toolNames.get(part.id) : undefined) || messageName || "tool";
  return {
    kind: "tool_result",
    role: "tool",
    content: truncate(textOf(part.response)),
    tool: { name, ...(part.id && { callId: part.id }) },
    ...(part.isError && { status: "error" as const, error: truncate(textOf(part.response), 2_000) }),
  };
}
