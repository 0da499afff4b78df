/**
 * The one LLM port learning depends on: a structured answer to a prompt, shaped by
 * a zod schema. The Anthropic client implements it; tests drive it against a local
 * fake Messages API, and code without a key never calls it.
 *
 * @module
 */
import type { z } from "zod";

/** One structured call: the model must answer by calling `tool` with input matching `schema`. */
export interface StructuredRequest<T> {
  /** What the call is for (`credit`, `abstractability`, ...): token and cost accounting key. */
  purpose: string;
  /** The long, stable instructions; cached by the provider across calls. */
  system: string;
  /** The per-call content (the trajectory, the examples). */
  prompt: string;
  /** The answer's shape; also the tool's input schema sent to the model. */
  schema: z.ZodType<T>;
  tool: { name: string; description: string };
  /** @default 1024 */
  maxTokens?: number;
}

export interface Llm {
  /** The model answering, e.g. `claude-sonnet-4-5`. */
  readonly model: string;
  /**
   * The validated answer. Throws AtlasError E7912 when the model's answer does not
   * match the schema, E7911 when the provider fails, E7701 when rate limits outlast
   * the retries.
   */
  structured<T>(request: StructuredRequest<T>): Promise<T>;
}
