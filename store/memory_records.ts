/**
 * What the memory tables (strategies, concepts) share: retrievals counted, records
 * pruned with a reason (kept, out of retrieval), and counts of both.
 *
 * @module
 */
import type { PruneDecision } from "../learning/pruning.ts";
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export type MemoryTable = "strategies" | "concepts";

/**
 * The statements recording one search of `table` at `now` that returned `ids`: one
 * more retrieval for each, and the search in its minute, found something or not
 * (the library's hit rate over time).
 */
export function countSearch(table: MemoryTable, ids: readonly string[], now: number): WriteStep[] {
  const minute = Math.floor(now / 60_000) * 60_000;
  return [
    ...(ids.length
      ? [{
        sql: `UPDATE ${table} SET retrievals = retrievals + 1, last_retrieved_at = ?
              WHERE id IN (SELECT value FROM json_each(?))`,
        args: [now, JSON.stringify(ids)],
      }]
      : []),
    {
      sql: `INSERT INTO memory_searches (library, minute, searches, hits) VALUES (?, ?, 1, ?)
            ON CONFLICT (library, minute) DO UPDATE SET searches = searches + 1, hits = hits + excluded.hits`,
      args: [table, minute, ids.length ? 1 : 0],
    },
  ];
}

/** Forgets the minutes of searches before `before` (the retention sweep); how many went. */
export async function pruneSearches(db: Database, before: number): Promise<number> {
  const [result] = await db.write([{ sql: "DELETE FROM memory_searches WHERE minute < ?", args: [before] }]);
  return result!.rowsAffected;
}

/** Searches of `table` per minute since `since`, and how many found something, oldest first. */
export async function searchesByMinute(
  db: Database,
  table: MemoryTable,
  since: number,
): Promise<{ minute: number; searches: number; hits: number }[]> {
  const result = await db.read({
    sql: "SELECT minute, searches, hits FROM memory_searches WHERE library = ? AND minute >= ? ORDER BY minute",
    args: [table, since],
  });
  return result.rows.map((r) => ({ minute: Number(r.minute), searches: Number(r.searches), hits: Number(r.hits) }));
}

/** The statements taking records out of retrieval, keeping them with the reason. */
export function pruneRecords(table: MemoryTable, decisions: readonly PruneDecision[], now: number): WriteStep[] {
  return decisions.map((d) => ({
    sql: `UPDATE ${table} SET pruned_at = ?, prune_reason = ? WHERE id = ? AND pruned_at IS NULL`,
    args: [now, d.reason, d.id],
  }));
}

/** How many records of `table` are active and how many pruned. */
export async function countRecords(db: Database, table: MemoryTable): Promise<{ active: number; pruned: number }> {
  const result = await db.read(
    `SELECT count(*) FILTER (WHERE pruned_at IS NULL) AS active, count(pruned_at) AS pruned FROM ${table}`,
  );
  return { active: Number(result.rows[0]?.active ?? 0), pruned: Number(result.rows[0]?.pruned ?? 0) };
}
