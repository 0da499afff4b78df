/**
 * The (source, id) of every applied event, so that a repeat changes nothing.
 *
 * @module
 */
import type { Transaction } from "@libsql/client";
import { bulkInsert, existingPairs } from "./bulk_insert.ts";
import type { Database } from "./database.ts";

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

  /** Records identities inside the batch transaction. */
  async record(tx: Transaction, events: readonly { source: string; id: string }[], at: number): Promise<void> {
    const statement = bulkInsert(
      "INSERT OR IGNORE INTO seen_events (source, id, seen_at)",
      events.map((e) => [e.source, e.id, at]),
    );
    if (statement) await tx.execute(statement);
  }

  /** Forgets identities older than `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const result = await this.db.write((tx) =>
      tx.execute({ sql: "DELETE FROM seen_events WHERE seen_at < ?", args: [before] })
    );
    return result.rowsAffected;
  }
}
