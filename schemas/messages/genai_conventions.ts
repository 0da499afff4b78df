/**
 * Messages as the OpenTelemetry GenAI conventions write them (`gen_ai.input.messages`,
 * `gen_ai.output.messages`): `{role, parts: [...]}` with `text`, `reasoning`,
 * `tool_call {id, name, arguments}` and `tool_call_response {id, response}` parts.
 * The `otlp-json` message-log format: a run logged by an OpenTelemetry-instrumented
 * agent, its conversation as its spans carry it. Each message must have a role and a
 * list of parts; parts of other types become a short mark, as on a span.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { messageOf } from "./genai_messages.ts";
import type { Message, Role } from "./message.ts";
import { describe, objectAt, Position, requiredString } from "./message_fields.ts";
import type { ReadOptions } from "./message_formats.ts";
import { systemMessages } from "./system_prompt.ts";

const roles = new Set<string>(["system", "user", "assistant", "tool"]);

export function genaiMessages(messages: readonly unknown[], options: ReadOptions = {}): Message[] {
  const read = systemMessages(options.system);
  messages.forEach((raw, index) => {
    const at = Position.message(index);
    const message = objectAt(raw, at);
    const role = requiredString(message, "role", at);
    if (!roles.has(role)) throw at.at("role").error(`must be system, user, assistant or tool, got "${role}"`);
    if (!Array.isArray(message.parts)) {
      throw at.at("parts").error(`must be a list of parts, got ${describe(message.parts)}`);
    }
    const parsed = messageOf(message, role as Role);
    if (parsed) read.push(parsed);
  });
  if (read.length === 0) {
    throw new AtlasError("E7034", "messages: no message has a part to read", { details: { path: "messages" } });
  }
  return read;
}
