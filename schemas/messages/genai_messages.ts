/**
 * A message object found on a span, in whichever form its instrumentation wrote it,
 * as one `Message`. Instrumentations disagree: the current conventions write
 * `{role, parts: [...]}`; older ones and most frameworks write the provider's own
 * shape (`{role, content, tool_calls}`, a choice `{message, finish_reason}`, Anthropic
 * content blocks). Reading is lenient: what cannot be read is left out, never thrown,
 * because a span's telemetry is evidence, not a request to validate.
 *
 * @module
 */
import type { Message, Part, Role } from "./message.ts";
import { textOf } from "./message_steps.ts";

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A JSON text parsed, or the value itself when it is not a string holding JSON. */
export function parsedJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const roles: Record<string, Role> = {
  system: "system",
  developer: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  model: "assistant",
  ai: "assistant",
  tool: "tool",
  function: "tool",
  ipython: "tool",
};

/** The messages of a list (or a JSON text of one); `fallbackRole` for entries that name none. */
export function messagesOf(value: unknown, fallbackRole: Role): Message[] {
  const parsed = parsedJson(value);
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? [parsed] : [];
  return list.flatMap((entry) => {
    const message = messageOf(entry, fallbackRole);
    return message ? [message] : [];
  });
}

/** One message, or undefined when the entry holds nothing readable. */
export function messageOf(entry: unknown, fallbackRole: Role): Message | undefined {
  const parsed = parsedJson(entry);
  if (typeof parsed === "string") return parsed.trim() ? textMessage(fallbackRole, parsed) : undefined;
  if (!isObject(parsed)) return undefined;
  // A choice: `{index, message, finish_reason}`.
  if (isObject(parsed.message) && parsed.role === undefined) return messageOf(parsed.message, fallbackRole);
  const role = roles[String(parsed.role ?? "").toLowerCase()] ?? fallbackRole;
  const parts = Array.isArray(parsed.parts) ? parsed.parts.flatMap(partsOf) : providerParts(parsed, role);
  if (parts.length === 0) return undefined;
  return { role, parts, ...(typeof parsed.name === "string" && { name: parsed.name }) };
}

const textMessage = (role: Role, content: string): Message => ({ role, parts: [{ type: "text", content }] });

/** A part of the conventions' `parts` list (or a provider content block, which it resembles). */
function partsOf(raw: unknown): Part[] {
  if (typeof raw === "string") return raw ? [{ type: "text", content: raw }] : [];
  if (!isObject(raw)) return [];
  const type = String(raw.type ?? "");
  switch (type) {
    case "text":
    case "input_text":
    case "output_text":
      return textPart(raw.content ?? raw.text);
    case "reasoning":
    case "thinking":
      return nonEmpty(textOf(raw.content ?? raw.thinking ?? raw.text), "reasoning");
    case "tool_call":
    case "tool_use":
    case "function_call":
    case "server_tool_call":
      return [toolCall(raw.id ?? raw.call_id, raw.name, raw.arguments ?? raw.input)];
    case "tool_call_response":
    case "tool_result":
    case "function_call_output":
    case "server_tool_call_response":
      return [{
        type: "tool_call_response",
        ...(idOf(raw.id ?? raw.tool_use_id ?? raw.call_id) && { id: idOf(raw.id ?? raw.tool_use_id ?? raw.call_id)! }),
        response: raw.response ?? raw.result ?? raw.content ?? raw.output ?? "",
        ...(raw.is_error === true && { isError: true }),
      }];
    default:
      // Media and unknown parts: their kind, so the step says something was there.
      return typeof raw.content === "string"
        ? textPart(raw.content)
        : type
        ? [{ type: "text", content: `[${type}]` }]
        : [];
  }
}

/** The provider shapes: `content` (text or blocks), `tool_calls`, `function_call`, `tool_call_id`. */
function providerParts(m: Loose, role: Role): Part[] {
  const parts: Part[] = [];
  const content = m.content;
  if (role === "tool" || m.tool_call_id !== undefined) {
    return [{
      type: "tool_call_response",
      ...(idOf(m.tool_call_id ?? m.id) && { id: idOf(m.tool_call_id ?? m.id)! }),
      ...(typeof m.name === "string" && { name: m.name }),
      response: Array.isArray(content) ? content.flatMap(partsOf).map(partText).join("\n") : content ?? "",
    }];
  }
  if (typeof m.reasoning_content === "string") parts.push(...nonEmpty(m.reasoning_content, "reasoning"));
  if (typeof content === "string") parts.push(...textPart(content));
  else if (Array.isArray(content)) parts.push(...content.flatMap(partsOf));
  const calls = parsedJson(m.tool_calls);
  if (Array.isArray(calls)) {
    for (const call of calls) {
      if (!isObject(call)) continue;
      const fn = isObject(call.function) ? call.function : call;
      parts.push(toolCall(call.id, fn.name, fn.arguments ?? fn.input));
    }
  }
  if (isObject(m.function_call)) parts.push(toolCall(undefined, m.function_call.name, m.function_call.arguments));
  return parts;
}

function toolCall(id: unknown, name: unknown, args: unknown): Part {
  return {
    type: "tool_call",
    ...(idOf(id) && { id: idOf(id)! }),
    name: typeof name === "string" && name ? name : "tool",
    ...(args !== undefined && { arguments: parsedJson(args) }),
  };
}

const idOf = (id: unknown) => (typeof id === "string" && id ? id : typeof id === "number" ? String(id) : undefined);

const textPart = (value: unknown): Part[] => nonEmpty(textOf(value ?? ""), "text");

const nonEmpty = (content: string, type: "text" | "reasoning"): Part[] => content.trim() ? [{ type, content }] : [];

const partText = (part: Part) =>
  part.type === "text" || part.type === "reasoning"
    ? part.content
    : part.type === "tool_call"
    ? `${part.name}(${textOf(part.arguments ?? {})})`
    : textOf(part.response);
