/**
 * Anthropic's messages format, as Claude fine-tuning takes it: the system prompt is a
 * top-level `system` string (never a message), and `messages` alternate strictly
 * between user and assistant, starting with the user.
 *
 * @example
 * ```jsonl
 * {"system":"Be brief.","messages":[{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}]}
 * ```
 *
 * @module
 */
import { z } from "zod";
import type { Exporter, ExportOptions, ExportRow } from "./exporter.ts";
import { resolveExportOptions } from "./options.ts";
import { turnsAlternate } from "./turns.ts";

const anthropicMessage = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: z.string().min(1),
});

/** One line; `system` is absent, not empty, when there is none. */
export const anthropicLine = z.strictObject({
  system: z.string().min(1).optional(),
  messages: z.array(anthropicMessage),
}).refine(
  (line) => turnsAlternate(line.messages.map((m) => m.role)),
  "user and assistant alternating, user first and assistant last",
);

export type AnthropicLine = z.infer<typeof anthropicLine>;

/** Each row as one exchange. */
export function anthropicLines(rows: AsyncIterable<ExportRow>, options: ExportOptions): AsyncGenerator<AnthropicLine> {
  const { system } = resolveExportOptions(options);
  return (async function* () {
    for await (const { example } of rows) {
      const messages: AnthropicLine["messages"] = [
        { role: "user", content: example.input },
        { role: "assistant", content: example.output },
      ];
      yield system ? { system, messages } : { messages };
    }
  })();
}

export const anthropicExporter: Exporter = {
  format: "anthropic",
  description: "Anthropic messages for Claude fine-tuning: a top-level system when given, then user and assistant",
  line: anthropicLine,
  lines: anthropicLines,
};
