/**
 * A system prompt given beside the messages rather than among them: Anthropic's
 * top-level `system`, or a log's own `system` field. Every format writes it the same
 * two ways, a string or a list of text blocks.
 *
 * @module
 */
import type { Message } from "./message.ts";
import { describe, objectAt, Position, requiredText } from "./message_fields.ts";

/** The system prompt as a leading system message; none when it is absent or empty. */
export function systemMessages(system: unknown): Message[] {
  if (system === undefined || system === null) return [];
  const at = new Position("system");
  let text: string;
  if (typeof system === "string") text = system;
  else if (Array.isArray(system)) {
    text = system.map((block, i) => requiredText(objectAt(block, at.at(i)), "text", at.at(i))).join("\n");
  } else throw at.error(`must be a string or a list of text blocks, got ${describe(system)}`);
  return text ? [{ role: "system", parts: [{ type: "text", content: text }] }] : [];
}
