/**
 * Telling a message log's format from its messages, for producers that do not say.
 *
 * Each message is looked at for marks only one format has: Chat Completions'
 * `tool_calls`, `tool_call_id`, `function_call` and `tool`/`function` roles; the
 * Responses API's typed items (`function_call`, `reasoning`, `*_call`...) and
 * `input_text`/`output_text` parts; Anthropic's `tool_use`, `tool_result`,
 * `thinking` and source-carrying `image` blocks; the GenAI conventions' `parts`. Marks
 * of one format only decide it; marks of two are an error. Plain `{role, content:
 * "text"}` messages read the same in every format and are taken as `openai-chat`.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { isObject, type JsonObject } from "./message_fields.ts";
import { type MessageFormat, messageFormats } from "./message_formats.ts";

/** Responses item types (besides any `*_call` and `*_call_output`). */
const responsesItems = new Set([
  "function_call_output",
  "custom_tool_call_output",
  "reasoning",
  "item_reference",
  "compaction",
  "mcp_list_tools",
  "mcp_approval_request",
  "mcp_approval_response",
]);
const responsesParts = new Set(["input_text", "output_text", "input_image", "input_file", "summary_text"]);
const anthropicBlocks = new Set([
  "tool_use",
  "tool_result",
  "thinking",
  "redacted_thinking",
  "server_tool_use",
  "mcp_tool_use",
  "document",
  "search_result",
  "container_upload",
]);
const chatParts = new Set(["image_url", "file"]);

/** The format of `messages`. Throws E7034 when the messages mix formats or say nothing of theirs. */
export function detectFormat(messages: readonly unknown[]): MessageFormat {
  const firstSeen = new Map<MessageFormat, number>();
  messages.forEach((message, i) => {
    for (const format of marksOf(message)) if (!firstSeen.has(format)) firstSeen.set(format, i);
  });
  const found = [...firstSeen];
  if (found.length === 1) return found[0]![0];
  if (found.length > 1) {
    const [[a, i], [b, j]] = found as [[MessageFormat, number], [MessageFormat, number]];
    throw new AtlasError(
      "E7034",
      `cannot tell the message format: messages[${i}] reads as ${a} but messages[${j}] as ${b}; say which with "format"`,
      { details: { index: j, path: `messages[${j}]`, formats: Object.fromEntries(found) } },
    );
  }
  const plain = messages.findIndex((m) => !isPlainText(m));
  if (plain === -1) return "openai-chat";
  throw new AtlasError(
    "E7034",
    `cannot tell the message format: messages[${plain}] is none of ${messageFormats.join(", ")}'s; ` +
      'say which with "format"',
    { details: { index: plain, path: `messages[${plain}]` } },
  );
}

/** The formats `message` has marks of. */
function marksOf(message: unknown): Set<MessageFormat> {
  const marks = new Set<MessageFormat>();
  if (!isObject(message)) return marks;
  const type = message.type;
  if (typeof type === "string" && type !== "message") {
    if (responsesItems.has(type) || /_call(_output)?$/.test(type) || type.endsWith("_output")) {
      marks.add("openai-responses");
    }
  }
  if (
    message.role === "tool" || message.role === "function" || "tool_calls" in message || "tool_call_id" in message ||
    "function_call" in message || "reasoning_content" in message
  ) marks.add("openai-chat");
  if (Array.isArray(message.content)) {
    for (const part of message.content) if (isObject(part)) markPart(part, marks);
  }
  // The GenAI conventions' messages carry `parts` where the providers carry `content`.
  if (Array.isArray(message.parts) && !("content" in message)) marks.add("otlp-json");
  return marks;
}

function markPart(part: JsonObject, marks: Set<MessageFormat>): void {
  const type = part.type;
  if (typeof type !== "string") return;
  if (responsesParts.has(type)) marks.add("openai-responses");
  else if (chatParts.has(type)) marks.add("openai-chat");
  else if (anthropicBlocks.has(type) || type.endsWith("_tool_result") || (type === "image" && "source" in part)) {
    marks.add("anthropic");
  }
}

/** `{role, content}` with a text content (or none), and nothing else that could tell. */
function isPlainText(message: unknown): boolean {
  if (!isObject(message) || typeof message.role !== "string") return false;
  const content = message.content;
  return content === undefined || content === null || typeof content === "string";
}
