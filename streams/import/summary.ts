/**
 * What the import prints when it ends: the runs and steps it read besides replay's
 * counts of what the target did with them, as a line or as one JSON line.
 *
 * @module
 */
import type { ErrorData } from "../../errors.ts";
import type { Tally } from "../replay/tally.ts";
import type { ImportCounts } from "./import_line.ts";

/** `read N runs (M steps), sent N events: accepted N, duplicates N, rejected N, in X s` */
export function formatImportSummary(counts: ImportCounts, tally: Tally, elapsedMs: number): string {
  return `read ${counts.runs} runs (${counts.steps} steps), sent ${tally.sent} events: accepted ${tally.accepted}, ` +
    `duplicates ${tally.duplicates}, rejected ${tally.rejected}, in ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** The summary as one JSON line; `error` is present when the transport failed. */
export function formatImportSummaryJson(
  summary: { format: string; source: string; target: string },
  counts: ImportCounts,
  tally: Tally,
  elapsedMs: number,
  error: ErrorData | undefined,
): string {
  return JSON.stringify({
    ...summary,
    lines: tally.lines,
    runs: counts.runs,
    steps: counts.steps,
    sent: tally.sent,
    accepted: tally.accepted,
    duplicates: tally.duplicates,
    rejected: tally.rejected,
    seconds: Number((elapsedMs / 1000).toFixed(3)),
    rejections: tally.examples,
    ...(error && { error }),
  });
}
