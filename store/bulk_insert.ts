/**
 * Bulk writes as one statement whose rows arrive as a single JSON parameter, unpacked
 * by SQLite's `json_each`. Binding thousands of parameters through the driver costs
 * more than SQLite parsing one JSON array: this is what makes libSQL on a local file
 * fast for a micro-batch.
 *
 * @module
 */
import type { InStatement, InValue } from "@libsql/client";

/** A row: strings, numbers or null, in the column order of the statement's head. */
export type Row = readonly (string | number | null)[];

/**
 * One statement inserting `rows` with `head` (e.g. `INSERT OR IGNORE INTO t (a, b)`);
 * `tail` (e.g. an ON CONFLICT clause) ends it. Undefined when there are no rows.
 */
export function bulkInsert(head: string, rows: readonly Row[], tail = ""): InStatement | undefined {
  if (rows.length === 0) return undefined;
  const columns = rows[0]!.map((_, i) => `value->>${i}`).join(", ");
  // `WHERE true` keeps an upsert's ON CONFLICT from parsing as a join constraint.
  return { sql: `${head} SELECT ${columns} FROM json_each(?) WHERE true ${tail}`, args: [JSON.stringify(rows)] };
}

/** The rows of `rows` (pairs) that exist in `table` (`columns` naming the pair), in one query. */
export function existingPairs(table: string, columns: readonly [string, string], rows: readonly Row[]): InStatement {
  const [a, b] = columns;
  return {
    sql: `SELECT t.${a} AS a, t.${b} AS b FROM json_each(?) j JOIN ${table} t
          ON t.${a} = j.value->>0 AND t.${b} = j.value->>1`,
    args: [JSON.stringify(rows)] as InValue[],
  };
}
