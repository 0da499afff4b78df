/**
 * Multi-row INSERT statements: one statement per few hundred rows instead of one
 * per row, which is what makes libSQL on a local file fast.
 *
 * @module
 */
import type { InStatement, InValue } from "@libsql/client";

/** Rows per statement: well under SQLite's 32766 bound variables for any table here. */
const rowsPerStatement = 400;

/**
 * Statements inserting `rows` with `head` (e.g. `INSERT OR IGNORE INTO t (a, b)`),
 * each row a tuple of the same width; `tail` (e.g. an ON CONFLICT clause) ends each.
 */
export function bulkInsert(head: string, rows: readonly (readonly InValue[])[], tail = ""): InStatement[] {
  const statements: InStatement[] = [];
  if (rows.length === 0) return statements;
  const width = rows[0]!.length;
  const tuple = `(${Array(width).fill("?").join(",")})`;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    statements.push({
      sql: `${head} VALUES ${Array(chunk.length).fill(tuple).join(",")} ${tail}`,
      args: chunk.flat(),
    });
  }
  return statements;
}
