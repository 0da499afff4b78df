/**
 * The (source, id) of every applied event, so that a repeat changes nothing.
 *
 * @module
 */
import type { Transaction } from "@libsql/client";
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";

/** An event's identity in one string. */
export const identity = (source: string, id: string) => `${source}\u0000${id}`;

const lookupChunk = 400;

export class Dedupe {
  constructor(private readonly db: Database) {}

  /** Which of these identities were applied before, as `identity()` strings. */
  async seen(events: readonly { source: string; id: string }[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let start = 0; start < events.length; start += lookupChunk) {
      const chunk = events.slice(start, start + lookupChunk);
      const result = await this.db.read({
        sql: `SELECT source, id FROM seen_events WHERE (source, id) IN (VALUES ${
          Array(chunk.length).fill("(?,?)").join(",")
        })`,
        args: chunk.flatMap((e) => [e.source, e.id]),
      });
      for (const row of result.rows) out.add(identity(String(row.source), String(row.id)));
    }
    return out;
  }

  /** Records identities inside the batch transaction. */
  async record(tx: Transaction, events: readonly { source: string; id: string }[], at: number): Promise<void> {
    for (
      const statement of bulkInsert(
        "INSERT OR IGNORE INTO seen_events (source, id, seen_at)",
        events.map((e) => [e.source, e.id, at]),
      )
    ) await tx.execute(statement);
  }

  /** Forgets identities older than `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const result = await this.db.write((tx) =>
      tx.execute({ sql: "DELETE FROM seen_events WHERE seen_at < ?", args: [before] })
    );
    return result.rowsAffected;
  }
}
