/**
 * Prompt and completion, for trainers without roles (legacy completion fine-tuning,
 * TRL's standard prompt-completion format).
 *
 * The convention, one and simple: the separator belongs to the prompt. The prompt is
 * the system prompt (when given) and a blank line, then the input, then a blank line
 * (`"\n\n"`); the completion is the output exactly, with nothing added before it or
 * after it. A fixed separator tells the model where the prompt ends; the trainer
 * appends its own end-of-sequence token, so no stop text is written here.
 *
 * @example
 * ```jsonl
 * {"prompt":"Be brief.\n\n2+2?\n\n","completion":"4"}
 * ```
 *
 * @module
 */
import { z } from "zod";
import type { Exporter, ExportOptions, ExportRow } from "./exporter.ts";
import { resolveExportOptions } from "./options.ts";

/** What ends every prompt. */
export const promptSeparator = "\n\n";

/** One line. */
export const promptCompletionLine = z.strictObject({
  prompt: z.string().min(promptSeparator.length + 1).endsWith(promptSeparator),
  completion: z.string().min(1),
});

export type PromptCompletionLine = z.infer<typeof promptCompletionLine>;

/** Each row as one prompt and its completion. */
export function promptCompletionLines(
  rows: AsyncIterable<ExportRow>,
  options: ExportOptions,
): AsyncGenerator<PromptCompletionLine> {
  const { system } = resolveExportOptions(options);
  const preamble = system ? system + promptSeparator : "";
  return (async function* () {
    for await (const { example } of rows) {
      yield { prompt: preamble + example.input + promptSeparator, completion: example.output };
    }
  })();
}

export const promptCompletionExporter: Exporter = {
  format: "prompt-completion",
  description: 'Prompt and completion: the prompt ends with "\\n\\n", the completion is the output as it is',
  line: promptCompletionLine,
  lines: promptCompletionLines,
};
