/**
 * The (source, id) of every applied event, so that a repeat changes nothing.
 *
 * @module
 */
import { bulkInsert, existingPairs } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

/** An event's identity in one string. */
export const identity = (source: string, id: string) => `${source}\u0000${id}`;

export class Dedupe {
  constructor(private readonly db: Database) {}

  /** Which of these identities were applied before, as `identity()` strings. */
  async seen(events: readonly { source: string; id: string }[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const result = await this.db.read(
      existingPairs("seen_events", ["source", "id"], events.map((e) => [e.source, e.id])),
    );
    return new Set(result.rows.map((row) => identity(String(row.a), String(row.b))));
  }

  /** The statement recording identities in a batch's write. */
  record(events: readonly { source: string; id: string }[], at: number): WriteStep | undefined {
    return bulkInsert(
      "INSERT OR IGNORE INTO seen_events (source, id, seen_at)",
      events.map((e) => [e.source, e.id, at]),
    );
  }

  /**
   * Events applied per minute since `since` (epoch ms), oldest first: the intake's
   * throughput as the identities' times record it (the retention sweep bounds how far back).
   */
  async perMinute(since: number): Promise<{ minute: number; events: number }[]> {
    const result = await this.db.read({
      sql: `SELECT seen_at / 60000 AS minute, count(*) AS n FROM seen_events WHERE seen_at >= ?
            GROUP BY minute ORDER BY minute`,
      args: [since],
    });
    return result.rows.map((row) => ({ minute: Number(row.minute) * 60_000, events: Number(row.n) }));
  }

  /** Forgets identities older than `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const [result] = await this.db.write([{ sql: "DELETE FROM seen_events WHERE seen_at < ?", args: [before] }]);
    return result!.rowsAffected;
  }
}
