/**
 * The running counts of a replay, and the first few rejections as examples: a
 * file of millions of bad lines must not keep millions of reasons in memory.
 *
 * @module
 */
import type { BatchOutcome, Rejection } from "./target.ts";

/** How many rejections are kept as examples; the rest are only counted. */
export const keptRejections = 10;

/** Counts so far. */
export interface Tally {
  /** Bytes of the input handled: every line read, with its newline. */
  bytes: number;
  /** Non-blank lines read. */
  lines: number;
  /** Events the target answered for (accepted, duplicate or rejected by it). */
  sent: number;
  accepted: number;
  duplicates: number;
  /** Lines rejected locally plus events rejected by the target. */
  rejected: number;
  /** The first {@link keptRejections} rejections, in the order met. */
  examples: Rejection[];
}

/** A tally at zero. */
export function newTally(): Tally {
  return { bytes: 0, lines: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, examples: [] };
}

/** Counts one rejection, keeping it if it is among the first. */
export function countRejection(tally: Tally, rejection: Rejection): void {
  tally.rejected++;
  if (tally.examples.length < keptRejections) tally.examples.push(rejection);
}

/** Counts a batch the target answered for. */
export function countBatch(tally: Tally, size: number, outcome: BatchOutcome): void {
  tally.sent += size;
  tally.accepted += outcome.accepted;
  tally.duplicates += outcome.duplicates;
  for (const rejection of outcome.rejected) countRejection(tally, rejection);
}
