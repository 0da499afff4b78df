/**
 * A conversation as every format here reduces to it: OpenAI chat and responses,
 * Anthropic messages, and the OpenTelemetry GenAI conventions (`gen_ai.input.messages`
 * and their older forms). The shape is the GenAI conventions' own: a role and a list
 * of typed parts.
 *
 * @module
 */

export type Role = "system" | "user" | "assistant" | "tool";

export type Part =
  | { type: "text"; content: string }
  /** The model's visible reasoning (thinking blocks, reasoning summaries). */
  | { type: "reasoning"; content: string }
  /** A tool call the model asked for; `arguments` as the provider gave them (object or JSON text). */
  | { type: "tool_call"; id?: string; name: string; arguments?: unknown }
  /** A tool's answer to the call with `id`. */
  | { type: "tool_call_response"; id?: string; name?: string; response: unknown; isError?: boolean };

export interface Message {
  role: Role;
  parts: Part[];
  /** The tool's (or participant's) name, where the format gives one. */
  name?: string;
}
