/**
 * A write as data: the statements of one transaction, each optionally guarded by the
 * number of rows it must change. Plain data, so a write can cross to the writer
 * thread, and the whole unit of work is visible in one place.
 *
 * @module
 */
import type { InStatement } from "@libsql/client";
import type { ErrorData } from "../errors.ts";

/** A statement whose `rowsAffected` must equal `expectRows`, or the transaction rolls back with `error`. */
export interface GuardedStatement {
  statement: InStatement;
  expectRows: number;
  error: ErrorData;
}

export type WriteStep = InStatement | GuardedStatement;

/** What a statement of a write returned. */
export interface WriteResult {
  rows: Record<string, unknown>[];
  rowsAffected: number;
}

export const isGuarded = (step: WriteStep): step is GuardedStatement =>
  typeof step === "object" && "expectRows" in step;

/** The statements that are not undefined (a bulk insert of no rows is undefined). */
export const steps = (...list: (WriteStep | undefined)[]): WriteStep[] =>
  list.filter((s): s is WriteStep => s !== undefined);
