/**
 * The message-log formats a run can come in, and the shape every reader of one
 * has: the provider's own message objects in, the normalized conversation out.
 *
 * @module
 */
import type { Message } from "./message.ts";

/**
 * OpenAI Chat Completions messages, OpenAI Responses items, Anthropic Messages, and
 * the OpenTelemetry GenAI conventions' messages (`{role, parts}`).
 */
export const messageFormats = ["openai-chat", "openai-responses", "anthropic", "otlp-json"] as const;
export type MessageFormat = (typeof messageFormats)[number];

export const isMessageFormat = (value: unknown): value is MessageFormat =>
  typeof value === "string" && (messageFormats as readonly string[]).includes(value);

/** What a run carries beside its messages. */
export interface ReadOptions {
  /**
   * The system prompt kept apart from the messages (Anthropic's top-level `system`,
   * a log's `system` field): a string, or a list of text blocks. Read first.
   */
  system?: unknown;
}

/** Reads one format; throws E7034 naming the first bad message's position and what is wrong. */
export type MessageReader = (messages: readonly unknown[], options?: ReadOptions) => Message[];
