/**
 * The chat format most fine-tuning services take (OpenAI's, and the conversational
 * format of Hugging Face TRL): one `messages` list per line, the input as the user's
 * turn and the output as the assistant's, after a system message when one is given.
 *
 * @example
 * ```jsonl
 * {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}]}
 * ```
 *
 * @module
 */
import { z } from "zod";
import type { Exporter, ExportOptions, ExportRow } from "./exporter.ts";
import { resolveExportOptions } from "./options.ts";
import { turnsAlternate } from "./turns.ts";

const chatMessage = z.strictObject({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().min(1),
});

/** One line; strict, because strict trainers reject keys they do not know. */
export const chatLine = z.strictObject({ messages: z.array(chatMessage) }).refine(
  (line) => turnsAlternate(line.messages.map((m) => m.role)),
  "an optional system message first, then user and assistant alternating, user first and assistant last",
);

export type ChatLine = z.infer<typeof chatLine>;

/** Each row as one conversation. */
export function chatLines(rows: AsyncIterable<ExportRow>, options: ExportOptions): AsyncGenerator<ChatLine> {
  const { system } = resolveExportOptions(options);
  return (async function* () {
    for await (const { example } of rows) {
      const turns: ChatLine["messages"] = [
        { role: "user", content: example.input },
        { role: "assistant", content: example.output },
      ];
      yield { messages: system ? [{ role: "system", content: system }, ...turns] : turns };
    }
  })();
}

export const chatExporter: Exporter = {
  format: "chat",
  description: "OpenAI-style chat messages: an optional system message, the input as user, the output as assistant",
  line: chatLine,
  lines: chatLines,
};
