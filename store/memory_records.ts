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

/** The statement counting one more retrieval, at `now`, for each of `ids`. */
export function countRetrievals(table: MemoryTable, ids: readonly string[], now: number): WriteStep {
  return {
    sql: `UPDATE ${table} SET retrievals = retrievals + 1, last_retrieved_at = ?
          WHERE id IN (SELECT value FROM json_each(?))`,
    args: [now, JSON.stringify(ids)],
  };
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
