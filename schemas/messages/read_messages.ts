/**
 * One table from a format to its reader, and `readMessages`, which checks that a
 * run's messages are a list, finds their format when none is given, and reads them.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { anthropicMessages } from "./anthropic.ts";
import { detectFormat } from "./detect_format.ts";
import { genaiMessages } from "./genai_conventions.ts";
import type { Message } from "./message.ts";
import { describe } from "./message_fields.ts";
import { type MessageFormat, type MessageReader, type ReadOptions } from "./message_formats.ts";
import { openaiChat } from "./openai_chat.ts";
import { openaiResponses } from "./openai_responses.ts";

/** The reader of each format. */
export const messageReaders: Readonly<Record<MessageFormat, MessageReader>> = {
  "openai-chat": openaiChat,
  "openai-responses": openaiResponses,
  anthropic: anthropicMessages,
  "otlp-json": genaiMessages,
};

/** A run's messages read, and the format they were read as. */
export interface ReadMessages {
  format: MessageFormat;
  messages: Message[];
}

/**
 * Reads `messages` as `format`, or as the format {@link detectFormat} finds when it
 * is undefined. Throws E7034 when they are not a non-empty list or do not read.
 */
export function readMessages(messages: unknown, format?: MessageFormat, options: ReadOptions = {}): ReadMessages {
  if (!Array.isArray(messages)) {
    throw new AtlasError("E7034", `messages must be a list of messages, got ${describe(messages)}`, {
      details: { path: "messages" },
    });
  }
  if (messages.length === 0) {
    throw new AtlasError("E7034", "messages is empty: a run needs at least one message", {
      details: { path: "messages" },
    });
  }
  const resolved = format ?? detectFormat(messages);
  return { format: resolved, messages: messageReaders[resolved](messages, options) };
}
