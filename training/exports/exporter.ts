/**
 * What an export is: a dataset version's rows go in, ordered so that one task's
 * examples in one split arrive together, and the lines of one training format come
 * out, one at a time, as the consumer asks for them.
 *
 * Every exporter holds at most one task group in memory: the ones that pair examples
 * (preference, soar) wait for a group to end, the others map row by row.
 *
 * @module
 */
import type { z } from "zod";
import type { Split } from "../datasets/split.ts";
import type { TrainingExample } from "../example.ts";

/** Which part of a dataset version an example was assigned to: "train", "val" or "test". */
export type { Split } from "../datasets/split.ts";

/**
 * One example of a dataset version and the split it belongs to. The store yields
 * rows ordered by split, then taskKey, then id.
 */
export interface ExportRow {
  example: TrainingExample;
  split: Split;
}

/** The training formats a dataset version can be exported in. */
export type ExportFormat = "chat" | "anthropic" | "prompt-completion" | "soar" | "preference";

/** What the caller may choose about an export; resolved once by `resolveExportOptions`. */
export interface ExportOptions {
  /**
   * A system prompt for every example. Used by chat, anthropic and prompt-completion;
   * soar and preference lines carry the example's input as it is.
   * @default none
   */
  system?: string;
  /**
   * The fewest quality points (0–100) a better example must lead a worse one of the
   * same task by for the two to be paired (preference pairs, soar refinements).
   * @default 10
   */
  minMargin?: number;
}

/** One training format: how its lines look and how rows become them. */
export interface Exporter {
  format: ExportFormat;
  /** One sentence for people choosing a format (the API lists it). */
  description: string;
  /** The schema of one output line, strict: a key it does not name fails. */
  line: z.ZodType;
  /**
   * The lines of `rows`, lazily: a line is produced when it is asked for, reading no
   * further than the end of the current task group. Options are checked when this is
   * called, before any line, so a bad option fails the request rather than the stream.
   */
  lines(rows: AsyncIterable<ExportRow>, options: ExportOptions): AsyncIterable<unknown>;
}
