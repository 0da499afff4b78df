/**
 * A step's tool and its input as data, however they arrived: an object, or the
 * JSON text of one (tau2 and OpenAI message logs send `arguments` as text), or
 * plain text.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";

/** The steps an agent acts with: a text action or a tool call. */
export const isAction = (step: StepBody) => step.kind === "action" || step.kind === "tool_call";

/** The step's input: an object when it is one (or its JSON text), else its text, else undefined. */
export function inputOf(step: StepBody): Record<string, unknown> | string | undefined {
  const input = step.tool?.input;
  if (typeof input === "string") {
    const text = input.trim();
    if (text.startsWith("{")) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // Not JSON after all: the text is the input.
      }
    }
    return input;
  }
  if (input && typeof input === "object" && !Array.isArray(input)) return input as Record<string, unknown>;
  return undefined;
}

/** The input as an object, or an empty one. */
export function argumentsOf(step: StepBody): Record<string, unknown> {
  const input = inputOf(step);
  return typeof input === "object" ? input : {};
}

/** The first of `names` that the input carries as text (arrays of text joined by spaces). */
export function textArgument(step: StepBody, names: readonly string[]): string | undefined {
  const args = argumentsOf(step);
  for (const name of names) {
    const value = args[name];
    if (typeof value === "string" && value.trim()) return value;
    if (Array.isArray(value) && value.length && value.every((v) => typeof v === "string")) return value.join(" ");
  }
  return undefined;
}
