/**
 * How progress reads: a redrawn bar for a terminal, a plain line for logs. Pure, so
 * the wording is tested without a terminal.
 *
 * @module
 */
import { eventsPerSecond } from "./summary.ts";

/** The state of a replay at one moment. */
export interface ProgressSnapshot {
  /** Bytes of the input handled: the lines read, with their newlines. */
  bytesRead: number;
  /** Input size; undefined for stdin, whose end is unknown. */
  totalBytes: number | undefined;
  sent: number;
  rejected: number;
  elapsedMs: number;
}

/** Width of the bar between the brackets, in characters. */
const barWidth = 24;

/** `512 B`, `475.7 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Share of the input read, 0–100, or undefined when its size is unknown. */
function percentRead(s: ProgressSnapshot): number | undefined {
  if (s.totalBytes === undefined) return undefined;
  return s.totalBytes === 0 ? 100 : Math.min(100, (100 * s.bytesRead) / s.totalBytes);
}

/** `[██████░░░░░░]  45.2%  1.2/2.6 MiB  sent 2000  rejected 3  1234 ev/s`, one terminal line. */
export function formatBar(s: ProgressSnapshot): string {
  const percent = percentRead(s);
  const counts = `sent ${s.sent}  rejected ${s.rejected}  ${Math.round(eventsPerSecond(s.sent, s.elapsedMs))} ev/s`;
  if (percent === undefined) return `${formatBytes(s.bytesRead)} read  ${counts}`;
  const filled = Math.round((percent / 100) * barWidth);
  const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  const size = `${formatBytes(s.bytesRead)} / ${formatBytes(s.totalBytes ?? 0)}`;
  return `[${bar}] ${percent.toFixed(1).padStart(5)}%  ${size}  ${counts}`;
}

/** `replay: 45% of 2.6 MiB read, sent 2000, rejected 3, 1234 events/s, 4.0 s`, for logs. */
export function formatLine(s: ProgressSnapshot): string {
  const percent = percentRead(s);
  const read = percent === undefined
    ? `${formatBytes(s.bytesRead)} read`
    : `${Math.floor(percent)}% of ${formatBytes(s.totalBytes ?? 0)} read`;
  const rate = Math.round(eventsPerSecond(s.sent, s.elapsedMs));
  return `replay: ${read}, sent ${s.sent}, rejected ${s.rejected}, ${rate} events/s, ${
    (s.elapsedMs / 1000).toFixed(1)
  } s`;
}
