/**
 * OpenAI Chat Completions messages, as a client keeps them: the request's
 * `messages` with each returned `choices[].message` appended.
 *
 * - `system` and `developer` are system messages; `user` and `assistant` keep their role.
 * - `content` is a string, null, or a list of parts: `text` and `refusal` are text,
 *   `image_url`, `input_audio` and `file` become a short mark (`[image: URL]`).
 * - An assistant's `tool_calls` (`function`, and `custom` tools) and its legacy
 *   `function_call` are tool calls; `refusal` is text marked `[refusal]`; the
 *   `reasoning_content` or `reasoning` text (or `reasoning_details`) some
 *   OpenAI-compatible providers add is the model's reasoning, read first.
 * - `tool` messages answer the call named by `tool_call_id`; legacy `function`
 *   messages answer by `name`.
 *
 * @module
 */
import { mark, refusalText } from "./content_marks.ts";
import type { Message, Part } from "./message.ts";
import {
  isObject,
  type JsonObject,
  objectAt,
  optionalArray,
  optionalString,
  Position,
  requiredString,
  requiredText,
  typeOf,
} from "./message_fields.ts";
import type { ReadOptions } from "./message_formats.ts";
import { systemMessages } from "./system_prompt.ts";

/** Chat Completions messages as the normalized conversation. Throws E7034. */
export function openaiChat(messages: readonly unknown[], options: ReadOptions = {}): Message[] {
  return [...systemMessages(options.system), ...messages.map((raw, i) => chatMessage(raw, Position.message(i)))];
}

function chatMessage(raw: unknown, at: Position): Message {
  const message = objectAt(raw, at);
  const role = requiredString(message, "role", at);
  const name = optionalString(message, "name", at);
  const named = name ? { name } : {};
  switch (role) {
    case "system":
    case "developer":
      return { role: "system", parts: contentParts(message.content, at.at("content")), ...named };
    case "user":
      return { role: "user", parts: contentParts(message.content, at.at("content")), ...named };
    case "assistant":
      return { role: "assistant", parts: assistantParts(message, at), ...named };
    case "tool": {
      const id = requiredString(message, "tool_call_id", at);
      const response = textOfParts(contentParts(message.content, at.at("content")));
      return { role: "tool", parts: [{ type: "tool_call_response", id, response }], ...named };
    }
    case "function": {
      // The legacy answer to a `function_call`: no id, the function's name instead.
      const functionName = requiredString(message, "name", at);
      const response = textOfParts(contentParts(message.content, at.at("content")));
      return {
        role: "tool",
        name: functionName,
        parts: [{ type: "tool_call_response", name: functionName, response }],
      };
    }
    default:
      throw at.at("role").error(
        `must be one of system, developer, user, assistant, tool, function; got "${role}"`,
      );
  }
}

function assistantParts(message: JsonObject, at: Position): Part[] {
  const parts: Part[] = [];
  const reasoning = reasoningOf(message, at);
  if (reasoning) parts.push({ type: "reasoning", content: reasoning });
  parts.push(...contentParts(message.content, at.at("content")));
  const refusal = optionalString(message, "refusal", at);
  if (refusal) parts.push({ type: "text", content: refusalText(refusal) });
  // An audio answer: its transcript is what was said.
  if (isObject(message.audio) && typeof message.audio.transcript === "string") {
    parts.push({ type: "text", content: `${mark("audio")} ${message.audio.transcript}` });
  }
  optionalArray(message, "tool_calls", at).forEach((call, i) => parts.push(toolCall(call, at.at("tool_calls").at(i))));
  if (message.function_call !== undefined && message.function_call !== null) {
    const call = objectAt(message.function_call, at.at("function_call"));
    parts.push({
      type: "tool_call",
      name: requiredString(call, "name", at.at("function_call")),
      ...argumentsOf(call, "arguments", at.at("function_call")),
    });
  }
  return parts;
}

/**
 * The reasoning text providers put beside `content`: `reasoning_content` (DeepSeek,
 * vLLM, Qwen), `reasoning` (OpenRouter, Groq) or `reasoning_details` (OpenRouter).
 * Other shapes under these names are not reasoning text and are passed over.
 */
function reasoningOf(message: JsonObject, at: Position): string | undefined {
  for (const key of ["reasoning_content", "reasoning"]) {
    if (typeof message[key] === "string" && message[key]) return message[key];
  }
  const details = optionalArray(message, "reasoning_details", at).flatMap((detail) => {
    if (!isObject(detail)) return [];
    const text = detail.text ?? detail.summary;
    return typeof text === "string" && text ? [text] : [];
  });
  return details.length ? details.join("\n") : undefined;
}

function toolCall(raw: unknown, at: Position): Part {
  const call = objectAt(raw, at);
  const id = optionalString(call, "id", at);
  const identified = id ? { id } : {};
  if (call.type === "custom") {
    const custom = objectAt(call.custom, at.at("custom"));
    const name = requiredString(custom, "name", at.at("custom"));
    return { type: "tool_call", ...identified, name, ...argumentsOf(custom, "input", at.at("custom")) };
  }
  const fn = objectAt(call.function, at.at("function"));
  return {
    type: "tool_call",
    ...identified,
    name: requiredString(fn, "name", at.at("function")),
    ...argumentsOf(fn, "arguments", at.at("function")),
  };
}

/** The arguments as given: JSON text (what the API returns) or an object (what some providers return). */
function argumentsOf(object: JsonObject, key: string, at: Position): { arguments?: unknown } {
  const value = object[key];
  if (value === undefined || value === null) return {};
  if (typeof value !== "string" && !isObject(value)) throw at.at(key).error("must be a JSON string or an object");
  return { arguments: value };
}

/** `content` as parts: a string, null, or a list of content parts. */
function contentParts(content: unknown, at: Position): Part[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content ? [{ type: "text", content }] : [];
  if (!Array.isArray(content)) throw at.error("must be a string, null or a list of content parts");
  return content.map((raw, i) => ({ type: "text", content: partText(objectAt(raw, at.at(i)), at.at(i)) }));
}

function partText(part: JsonObject, at: Position): string {
  const type = typeOf(part, at);
  switch (type) {
    case "text":
      return requiredText(part, "text", at);
    case "refusal":
      return refusalText(requiredText(part, "refusal", at));
    case "image_url": {
      const image = part.image_url;
      return mark("image", isObject(image) ? image.url : image);
    }
    case "input_audio":
      return mark("audio");
    case "file": {
      const file = isObject(part.file) ? part.file : {};
      return mark("file", file.filename ?? file.file_id);
    }
    default:
      return mark(type);
  }
}

const textOfParts = (parts: readonly Part[]): string =>
  parts.map((part) => (part.type === "text" ? part.content : "")).join("\n");
