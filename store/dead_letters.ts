/**
 * Dead letters: every message or event that could not be applied, with where it came
 * from, its raw value and the reason. Nothing bad is dropped silently.
 *
 * @module
 */
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export interface DeadLetter {
  /**
   * Where it came from: `kafka`, `embedded` (the log), `http` (rejected at intake), or
   * `extraction` (a training-data join that could make no example), or `store` (a
   * stored record that could not be read back, kept as it was).
   */
  origin: "kafka" | "embedded" | "http" | "extraction" | "store";
  topic: string | null;
  partition: number | null;
  offset: number | null;
  key: string | null;
  value: string;
  headers: Record<string, string> | null;
  code: string;
  reason: string;
}

export interface StoredDeadLetter extends DeadLetter {
  id: number;
  at: number;
}

/** Longest raw value kept: a dead letter is evidence, not a second copy of a huge body. */
const maxValueLength = 64 * 1024;

export class DeadLetters {
  constructor(private readonly db: Database) {}

  /** The statement storing dead letters in a batch's write. */
  insert(letters: readonly DeadLetter[], at: number): WriteStep | undefined {
    return bulkInsert(
      "INSERT INTO dead_letters (at, origin, topic, partition, offset, key, value, headers, code, reason)",
      letters.map((l) => [
        at,
        l.origin,
        l.topic,
        l.partition,
        l.offset,
        l.key,
        l.value.length > maxValueLength ? l.value.slice(0, maxValueLength) : l.value,
        l.headers && JSON.stringify(l.headers),
        l.code,
        l.reason,
      ]),
    );
  }

  /** Writes on its own (intake rejections, which belong to no batch). */
  async add(letters: readonly DeadLetter[], at: number): Promise<void> {
    const statement = this.insert(letters, at);
    if (statement) await this.db.write([statement]);
  }

  /** Newest first. */
  async list(limit: number, before?: number): Promise<StoredDeadLetter[]> {
    const result = await this.db.read({
      sql: `SELECT rowid, at, origin, topic, partition, offset, key, value, headers, code, reason
            FROM dead_letters ${before === undefined ? "" : "WHERE rowid < ?"} ORDER BY rowid DESC LIMIT ?`,
      args: before === undefined ? [limit] : [before, limit],
    });
    return result.rows.map((r) => ({
      id: Number(r.rowid),
      at: Number(r.at),
      origin: String(r.origin) as DeadLetter["origin"],
      topic: r.topic === null ? null : String(r.topic),
      partition: r.partition === null ? null : Number(r.partition),
      offset: r.offset === null ? null : Number(r.offset),
      key: r.key === null ? null : String(r.key),
      value: String(r.value),
      headers: r.headers === null ? null : JSON.parse(String(r.headers)),
      code: String(r.code),
      reason: String(r.reason),
    }));
  }

  /** Counts by code. */
  async counts(): Promise<Record<string, number>> {
    const result = await this.db.read("SELECT code, count(*) AS n FROM dead_letters GROUP BY code");
    return Object.fromEntries(result.rows.map((r) => [String(r.code), Number(r.n)]));
  }
}
