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
import { identity } from "./dedupe.ts";

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
   * Appends entries in one transaction, synced to disk before it returns (an append
   * acknowledges a producer, and nothing else holds a copy); an entry whose (source,
   * id) is already in the log, or earlier in the same call, is a duplicate and is not
   * appended.
   * Returns, per entry, whether it was appended.
   */
  async append(entries: readonly LogEntry[], at: number): Promise<boolean[]> {
    if (entries.length === 0) return [];
    // OR IGNORE skips what the log holds already; RETURNING names what it took.
    const insert = bulkInsert(
      "INSERT OR IGNORE INTO event_log (source, id, key, value, appended_at)",
      entries.map((e) => [e.source, e.id, e.key, e.value, at]),
      "RETURNING source, id",
    )!;
    const [result] = await this.db.write([insert], { durable: true });
    const taken = new Set(result!.rows.map((row) => identity(String(row.source), String(row.id))));
    // A repeat within the same call is a duplicate too: only its first copy counts as taken.
    const appended = entries.map((e) => taken.delete(identity(e.source, e.id)));
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
    const [result] = await this.db.write([{
      sql: "DELETE FROM event_log WHERE seq < ? AND appended_at < ?",
      args: [consumed, before],
    }]);
    return result!.rowsAffected;
  }
}
