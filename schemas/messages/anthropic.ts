/**
 * Anthropic Messages API messages: `{role: "user" | "assistant", content}`, content
 * a string or a list of blocks, and the system prompt beside them (`system`).
 *
 * - `text` is text; `thinking` is reasoning; `redacted_thinking` holds no readable
 *   text and leaves nothing.
 * - `tool_use`, `server_tool_use` and `mcp_tool_use` are tool calls.
 * - `tool_result` (in a user message), `mcp_tool_result` and the server tools'
 *   results (`web_search_tool_result`, `code_execution_tool_result`, any
 *   `*_tool_result`, in an assistant message) answer the call named by
 *   `tool_use_id`; `is_error`, or a `*_error` content, marks a failure.
 * - `image`, `document`, `container_upload` become a short mark; a `search_result`
 *   keeps its text.
 *
 * A message that mixes tool results with other blocks is split where they meet:
 * the results are the tool's messages, the rest stays the user's (or assistant's),
 * in the order given.
 *
 * @module
 */
import { mark } from "./content_marks.ts";
import type { Message, Part, Role } from "./message.ts";
import {
  describe,
  isObject,
  type JsonObject,
  objectAt,
  Position,
  requiredString,
  requiredText,
  typeOf,
} from "./message_fields.ts";
import type { ReadOptions } from "./message_formats.ts";
import { isServerFailure, serverResult } from "./anthropic_server_results.ts";
import { systemMessages } from "./system_prompt.ts";

/** Messages API messages as the normalized conversation. Throws E7034. */
export function anthropicMessages(messages: readonly unknown[], options: ReadOptions = {}): Message[] {
  return [
    ...systemMessages(options.system),
    ...messages.flatMap((raw, i) => messagesOf(raw, Position.message(i))),
  ];
}

/** One API message: several when tool results and other blocks meet (see above). */
function messagesOf(raw: unknown, at: Position): Message[] {
  const message = objectAt(raw, at);
  const role = requiredString(message, "role", at);
  if (role !== "user" && role !== "assistant") {
    throw at.at("role").error(`must be "user" or "assistant", got "${role}" (a system prompt goes in "system")`);
  }
  const content = message.content;
  if (typeof content === "string") return content ? [{ role, parts: [{ type: "text", content }] }] : [];
  if (!Array.isArray(content)) {
    throw at.at("content").error(`must be a string or a list of content blocks, got ${describe(content)}`);
  }
  const split: Message[] = [];
  content.forEach((raw, i) => {
    const part = blockPart(objectAt(raw, at.at("content").at(i)), at.at("content").at(i));
    if (!part) return;
    const partRole: Role = part.type === "tool_call_response" ? "tool" : role;
    const last = split.at(-1);
    if (last?.role === partRole) last.parts.push(part);
    else split.push({ role: partRole, parts: [part] });
  });
  return split;
}

function blockPart(block: JsonObject, at: Position): Part | undefined {
  const type = typeOf(block, at);
  switch (type) {
    case "text":
      return { type: "text", content: requiredText(block, "text", at) };
    case "thinking":
      return { type: "reasoning", content: requiredText(block, "thinking", at) };
    case "redacted_thinking":
      return undefined;
    case "tool_use":
    case "server_tool_use":
    case "mcp_tool_use":
      return {
        type: "tool_call",
        id: requiredString(block, "id", at),
        name: requiredString(block, "name", at),
        arguments: block.input ?? {},
      };
    case "image":
      return { type: "text", content: mark("image", sourceReference(block)) };
    case "document":
      return { type: "text", content: mark("document", block.title ?? sourceReference(block)) };
    case "search_result":
      return { type: "text", content: resultText(block) };
    case "container_upload":
      return { type: "text", content: mark("file upload", block.file_id) };
    default:
      if (type === "tool_result" || type.endsWith("_tool_result")) return toolResult(type, block, at);
      return { type: "text", content: mark(type) };
  }
}

function toolResult(type: string, block: JsonObject, at: Position): Part {
  const id = requiredString(block, "tool_use_id", at);
  const content = block.content;
  const isError = block.is_error === true || isServerFailure(content);
  const response = type === "tool_result" || type === "mcp_tool_result"
    ? resultContent(content, at.at("content"))
    : serverResult(content);
  return { type: "tool_call_response", id, response, ...(isError && { isError }) };
}

/** A client tool's result: a string, or blocks (text kept, the rest marked). */
function resultContent(content: unknown, at: Position): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) {
    throw at.error(`must be a string or a list of content blocks, got ${describe(content)}`);
  }
  return content.map((raw, i) => {
    const block = objectAt(raw, at.at(i));
    const part = blockPart(block, at.at(i));
    return part?.type === "text" ? part.content : "";
  }).join("\n");
}

function resultText(block: JsonObject): string {
  const texts = Array.isArray(block.content)
    ? block.content.flatMap((b) => (isObject(b) && typeof b.text === "string" ? [b.text] : []))
    : [];
  return [mark("search result", block.title ?? block.source), ...texts].join("\n");
}

/** What an image or document source points to: a URL or a file id (never base64 data). */
function sourceReference(block: JsonObject): unknown {
  const source = isObject(block.source) ? block.source : {};
  return source.url ?? source.file_id;
}
