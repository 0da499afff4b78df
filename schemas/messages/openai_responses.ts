/**
 * OpenAI Responses API items, input and output lists alike (a client keeps a run as
 * its `input` items followed by each response's `output` items):
 *
 * - `message` items (`{type: "message", role, content: [...]}`) and easy input
 *   messages (`{role, content: "..."}`): `system` and `developer` are system
 *   messages; content parts as `openai_responses_content.ts` reads them.
 * - `reasoning`: its `summary` texts, else its `content` texts, as reasoning; one
 *   whose text is withheld (encrypted only) leaves nothing.
 * - tool calls and their outputs as `openai_tool_items.ts` reads them.
 * - bookkeeping items (`item_reference`, `mcp_list_tools`, ...) leave nothing.
 *
 * One model turn is several output items (reasoning, a message, function calls).
 * What the model said before its tool calls in the same turn is read with them, as
 * one assistant message, as Chat Completions would return it, so that it reads as a
 * thought beside the calls; what it says after a call is its own message.
 *
 * @module
 */
import type { Message } from "./message.ts";
import { objectAt, optionalArray, optionalString, Position, requiredString } from "./message_fields.ts";
import type { ReadOptions } from "./message_formats.ts";
import { responsesContent } from "./openai_responses_content.ts";
import { bookkeepingItems, toolItemMessages } from "./openai_tool_items.ts";
import { systemMessages } from "./system_prompt.ts";

/** Responses items as the normalized conversation. Throws E7034. */
export function openaiResponses(items: readonly unknown[], options: ReadOptions = {}): Message[] {
  const messages = items.flatMap((raw, i) => itemMessages(raw, Position.message(i)));
  return [...systemMessages(options.system), ...joinAssistantTurns(messages)];
}

function itemMessages(raw: unknown, at: Position): Message[] {
  const item = objectAt(raw, at);
  // Easy input messages may leave `type` out.
  const type = optionalString(item, "type", at) ?? (item.role !== undefined ? "message" : undefined);
  if (type === undefined) throw at.error('has neither a "type" nor a "role"');
  if (type === "message") return [messageItem(item.role, item.content, at)];
  if (type === "reasoning") return reasoningItem(item, at);
  if (bookkeepingItems.has(type)) return [];
  const messages = toolItemMessages(type, item, at);
  if (!messages) throw at.at("type").error(`unknown item type "${type}"`);
  return messages;
}

function messageItem(rawRole: unknown, content: unknown, at: Position): Message {
  const role = requiredString({ role: rawRole }, "role", at);
  const parts = responsesContent(content, at.at("content"));
  switch (role) {
    case "system":
    case "developer":
      return { role: "system", parts };
    case "user":
    case "assistant":
      return { role, parts };
    default:
      throw at.at("role").error(`must be one of system, developer, user, assistant; got "${role}"`);
  }
}

function reasoningItem(item: Record<string, unknown>, at: Position): Message[] {
  const texts = (key: string) =>
    responsesContent(optionalArray(item, key, at), at.at(key)).flatMap((part) =>
      "content" in part && part.content.trim() ? [part.content] : []
    );
  const summary = texts("summary");
  const text = (summary.length ? summary : texts("content")).join("\n\n");
  return text ? [{ role: "assistant", parts: [{ type: "reasoning", content: text }] }] : [];
}

/** An assistant message joined with the assistant items after it, up to its first tool call. */
function joinAssistantTurns(messages: readonly Message[]): Message[] {
  const joined: Message[] = [];
  for (const message of messages) {
    const last = joined.at(-1);
    const open = last?.role === "assistant" && !last.parts.some((part) => part.type === "tool_call");
    if (last && open && message.role === "assistant") {
      joined[joined.length - 1] = { role: "assistant", parts: [...last.parts, ...message.parts] };
    } else joined.push(message);
  }
  return joined;
}
