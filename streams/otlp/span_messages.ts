/**
 * Where a span keeps the conversation, convention by convention, read into the input
 * (what the model was given) and the output (what it answered):
 *
 * | convention | input | output |
 * | --- | --- | --- |
 * | GenAI ≥ v1.37 | `gen_ai.input.messages` | `gen_ai.output.messages` |
 * | GenAI v1.28–v1.36 (span events) | `gen_ai.{system,user,assistant,tool}.message` | `gen_ai.choice` |
 * | GenAI ≤ v1.27 (span events) | `gen_ai.content.prompt` (`gen_ai.prompt`) | `gen_ai.content.completion` (`gen_ai.completion`) |
 * | OpenLLMetry | `gen_ai.prompt.<i>.*` | `gen_ai.completion.<i>.*` |
 * | OpenInference | `llm.input_messages.<i>.message.*` | `llm.output_messages.<i>.message.*` |
 *
 * @module
 */
import type { Message, Role } from "../../schemas/messages/message.ts";
import { messageOf, messagesOf, parsedJson } from "../../schemas/messages/genai_messages.ts";
import type { Attributes, AttributeValue, Span, SpanEvent } from "./span.ts";

export interface SpanMessages {
  input: Message[];
  output: Message[];
}

/** The span's conversation by the first convention that holds one (input and output read apart). */
export function spanMessages(span: Span): SpanMessages {
  const a = span.attributes;
  const details = span.events.find((e) => e.name === "gen_ai.client.inference.operation.details")?.attributes;
  const input = firstNonEmpty(
    () => messagesOf(a["gen_ai.input.messages"] ?? details?.["gen_ai.input.messages"], "user"),
    () => eventMessages(span.events),
    () =>
      messagesOf(eventAttribute(span.events, "gen_ai.content.prompt", "gen_ai.prompt") ?? a["gen_ai.prompt"], "user"),
    () => indexed(a, "gen_ai.prompt.", "user"),
    () => indexed(a, "llm.input_messages.", "user"),
  );
  const output = firstNonEmpty(
    () => messagesOf(a["gen_ai.output.messages"] ?? details?.["gen_ai.output.messages"], "assistant"),
    () => choiceMessages(span.events),
    () =>
      messagesOf(
        eventAttribute(span.events, "gen_ai.content.completion", "gen_ai.completion") ?? a["gen_ai.completion"],
        "assistant",
      ),
    () => indexed(a, "gen_ai.completion.", "assistant"),
    () => indexed(a, "llm.output_messages.", "assistant"),
  );
  return { input, output };
}

function firstNonEmpty(...readers: (() => Message[])[]): Message[] {
  for (const read of readers) {
    const messages = read();
    if (messages.length) return messages;
  }
  return [];
}

const eventRoles: Record<string, Role> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};

/** v1.28–v1.36 message events: the body in `gen_ai.event.content`, or the attributes themselves. */
function eventMessages(events: readonly SpanEvent[]): Message[] {
  return events.flatMap((event) => {
    const role = eventRoles[event.name];
    if (!role) return [];
    const message = messageOf({ role, ...bodyOf(event) }, role);
    return message ? [message] : [];
  });
}

function choiceMessages(events: readonly SpanEvent[]): Message[] {
  return events.flatMap((event) => {
    if (event.name !== "gen_ai.choice") return [];
    const message = messageOf(bodyOf(event), "assistant");
    return message ? [message] : [];
  });
}

function bodyOf(event: SpanEvent): Record<string, unknown> {
  const body = parsedJson(event.attributes["gen_ai.event.content"]);
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? body as Record<string, unknown>
    : event.attributes;
}

function eventAttribute(events: readonly SpanEvent[], name: string, attribute: string): AttributeValue | undefined {
  return events.find((e) => e.name === name)?.attributes[attribute];
}

/**
 * Flattened lists (`gen_ai.prompt.0.role`, `gen_ai.prompt.0.tool_calls.1.name`) put
 * back together, then read like any message; OpenInference's `message.` and
 * `tool_call.` wrappers are unwrapped.
 */
export function indexed(a: Attributes, prefix: string, fallbackRole: Role): Message[] {
  const entries: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(a)) {
    if (!key.startsWith(prefix)) continue;
    const path = key.slice(prefix.length).split(".");
    const position = Number(path[0]);
    if (!Number.isInteger(position) || position < 0 || position > 10_000) continue;
    const entry = entries[position] ??= {};
    assignPath(entry, path.slice(1).filter((p) => p !== "message" && p !== "tool_call"), value);
  }
  return entries.flatMap((entry) => {
    const message = entry && messageOf(entry, fallbackRole);
    return message ? [message] : [];
  });
}

function assignPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = path[i + 1]!;
    const child = node[segment] ??= /^\d+$/.test(next) ? [] : {};
    node = child as Record<string, unknown>;
  });
}
