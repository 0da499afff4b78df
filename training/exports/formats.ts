/**
 * The export formats by name: what the API offers and how a requested name is
 * checked before an export starts.
 *
 * @module
 */
import { anthropicExporter } from "./anthropic.ts";
import { chatExporter } from "./chat.ts";
import type { Exporter, ExportFormat } from "./exporter.ts";
import { preferenceExporter } from "./preference.ts";
import { promptCompletionExporter } from "./prompt_completion.ts";
import { soarExporter } from "./soar.ts";

/** Every format's exporter; the record type makes a format without one a type error. */
export const exporters: Readonly<Record<ExportFormat, Exporter>> = Object.freeze({
  "chat": chatExporter,
  "anthropic": anthropicExporter,
  "prompt-completion": promptCompletionExporter,
  "soar": soarExporter,
  "preference": preferenceExporter,
});

/** The format names, in the order the API lists them. */
export const exportFormats: readonly ExportFormat[] = Object.freeze(Object.keys(exporters) as ExportFormat[]);

/** Whether `x` names an export format (an unknown one is E7105 at the API). */
export function isExportFormat(x: unknown): x is ExportFormat {
  return typeof x === "string" && Object.hasOwn(exporters, x);
}
