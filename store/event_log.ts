/**
 * The embedded event log: an append-only table that plays Kafka's part when there is
 * no broker. `POST /v1/events` appends; the embedded source reads in order; the
 * sequence number is the offset.
 *
 * @module
 */
import type { SourceRecord } from "../streams/source.ts";
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";

export interface LogEntry {
  source: string;
  id: string;
  key: string;
  value: string;
}

/** The embedded log's topic name in stored offsets and positions. */
export const embeddedTopic = "embedded";

export class EventLog {
  readonly #listeners = new Set<() => void>();

  constructor(private readonly db: Database) {}

  /**
   * Appends entries in one transaction; an entry whose (source, id) is already in the
   * log, or earlier in the same call, is a duplicate and is not appended.
   * Returns, per entry, whether it was appended.
   */
  async append(entries: readonly LogEntry[], at: number): Promise<boolean[]> {
    if (entries.length === 0) return [];
    const appended = await this.db.write(async (tx) => {
      const existing = new Set<string>();
      for (let start = 0; start < entries.length; start += 400) {
        const chunk = entries.slice(start, start + 400);
        const result = await tx.execute({
          sql: `SELECT source, id FROM event_log WHERE (source, id) IN (VALUES ${chunk.map(() => "(?,?)").join(",")})`,
          args: chunk.flatMap((e) => [e.source, e.id]),
        });
        for (const row of result.rows) existing.add(`${row.source}\u0000${row.id}`);
      }
      const fresh: LogEntry[] = [];
      const flags = entries.map((e) => {
        const identity = `${e.source}\u0000${e.id}`;
        if (existing.has(identity)) return false;
        existing.add(identity);
        fresh.push(e);
        return true;
      });
      for (
        const statement of bulkInsert(
          "INSERT INTO event_log (source, id, key, value, appended_at)",
          fresh.map((e) => [e.source, e.id, e.key, e.value, at]),
        )
      ) await tx.execute(statement);
      return flags;
    });
    if (appended.some(Boolean)) { for (const listener of this.#listeners) listener(); }
    return appended;
  }

  /** Up to `limit` entries from offset `from` on, in order. */
  async read(from: number, limit: number): Promise<SourceRecord[]> {
    const result = await this.db.read({
      sql: "SELECT seq, key, value, appended_at FROM event_log WHERE seq >= ? ORDER BY seq LIMIT ?",
      args: [from, limit],
    });
    return result.rows.map((row) => ({
      position: { topic: embeddedTopic, partition: 0, offset: Number(row.seq) },
      key: String(row.key),
      value: String(row.value),
      headers: {},
      timestamp: Number(row.appended_at),
    }));
  }

  /** The offset the next append will get (one past the last entry). */
  async end(): Promise<number> {
    const result = await this.db.read("SELECT coalesce(max(seq), 0) + 1 AS next FROM event_log");
    return Number(result.rows[0]?.next ?? 1);
  }

  /** Calls `listener` after every append that added something; returns the unsubscribe. */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Deletes entries both consumed (below `consumed`) and older than `before`. */
  async prune(consumed: number, before: number): Promise<number> {
    const result = await this.db.write((tx) =>
      tx.execute({ sql: "DELETE FROM event_log WHERE seq < ? AND appended_at < ?", args: [consumed, before] })
    );
    return result.rowsAffected;
  }
}
