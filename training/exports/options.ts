/**
 * Export options, checked and given their defaults once, before the first line, so
 * that a bad option is a 400 and never a stream cut short after its headers went out.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { ExportOptions } from "./exporter.ts";

/** Preference pairs and soar refinements need the better example ahead by this many quality points. */
export const defaultMinMargin = 10;

/** What a request may say about an export (the HTTP layer parses its query with it). */
export const exportOptionsSchema = z.strictObject({
  system: z.string().optional(),
  // Above 0: equal scores say nothing about which answer is better.
  minMargin: z.number().gt(0).max(100).optional(),
});

/** Options with their defaults applied. */
export interface ResolvedExportOptions {
  /** null when none was given, or only whitespace: an empty system turn teaches nothing. */
  system: string | null;
  minMargin: number;
}

/** Checks `options` and applies the defaults; throws E7102 when one is out of range. */
export function resolveExportOptions(options: ExportOptions): ResolvedExportOptions {
  const parsed = exportOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new AtlasError("E7102", `invalid export options: ${z.prettifyError(parsed.error)}`, {
      details: parsed.error.issues,
    });
  }
  const { system, minMargin = defaultMinMargin } = parsed.data;
  return { system: system?.trim() ? system : null, minMargin };
}

/**
 * Whether `better` leads `worse` by at least `minMargin`. Scores may be fractional,
 * and 70.3 − 60.3 is 9.999999999999993 in floating point: a margin equal to the
 * minimum up to rounding counts as equal.
 */
export function leadsBy(better: number, worse: number, minMargin: number): boolean {
  return better - worse >= minMargin - 1e-9;
}
