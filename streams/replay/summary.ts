/**
 * What replay prints when it ends: the summary line (or its JSON form, for
 * scripts) and the rejections it kept as examples.
 *
 * @module
 */
import type { ErrorData } from "../../errors.ts";
import type { Tally } from "./tally.ts";

/** Events per second over `elapsedMs`, 0 for no time at all. */
export function eventsPerSecond(events: number, elapsedMs: number): number {
  return elapsedMs > 0 ? events / (elapsedMs / 1000) : 0;
}

/** `sent N, accepted N, duplicates N, rejected N, in X s (Y events/s)` */
export function formatSummary(tally: Tally, elapsedMs: number): string {
  const rate = Math.round(eventsPerSecond(tally.sent, elapsedMs));
  return `sent ${tally.sent}, accepted ${tally.accepted}, duplicates ${tally.duplicates}, rejected ${tally.rejected}, ` +
    `in ${(elapsedMs / 1000).toFixed(1)} s (${rate} events/s)`;
}

/** The summary as one JSON line; `error` is present when the transport failed. */
export function formatSummaryJson(
  tally: Tally,
  elapsedMs: number,
  target: string,
  error: ErrorData | undefined,
): string {
  return JSON.stringify({
    target,
    lines: tally.lines,
    sent: tally.sent,
    accepted: tally.accepted,
    duplicates: tally.duplicates,
    rejected: tally.rejected,
    seconds: Number((elapsedMs / 1000).toFixed(3)),
    eventsPerSecond: Math.round(eventsPerSecond(tally.sent, elapsedMs)),
    rejections: tally.examples,
    ...(error && { error }),
  });
}

/** One line per kept rejection, and how many more there were; empty when none. */
export function formatRejections(tally: Tally): string[] {
  const lines = tally.examples.map((r) => `line ${r.line}: ${r.code} ${r.message}`);
  const more = tally.rejected - tally.examples.length;
  if (more > 0) lines.push(`... and ${more} more`);
  return lines;
}
