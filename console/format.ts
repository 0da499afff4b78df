/**
 * How values read on the console's pages: times in UTC to the second, ages and
 * durations in the largest unit that fits, counts with thousands separators.
 *
 * @module
 */

/** An epoch-ms time as `2025-01-31 14:05:09`, UTC; `–` for none. */
export function when(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return "–";
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/** A duration as `850 ms`, `42 s`, `7 min`, `3 h`, `2 d`; `–` for none. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/** A count as `12,345`. */
export const count = (n: number): string => n.toLocaleString("en-US");

/** A score or share to three decimals, `–` for none. */
export function decimal(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "–" : String(Number(n.toFixed(3)));
}

/** `text` cut to `max` characters, with an ellipsis when cut: lists stay one line per item. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A structure as indented JSON, for the parts of a record shown whole (an evaluation, a report). */
export const json = (value: unknown): string => JSON.stringify(value, null, 2) ?? "null";
