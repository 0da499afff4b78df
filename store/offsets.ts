/**
 * Consumer offsets as the pipeline stores them: the next offset to read per
 * partition, written in the same transaction as the state they produced.
 *
 * @module
 */
import type { Database } from "./database.ts";
import type { GuardedStatement } from "./write.ts";

/** One partition's advance in a batch: from what the batch expects to what it read. */
export interface OffsetAdvance {
  partition: number;
  /** The stored next offset the batch started from; null when none was stored. */
  expected: number | null;
  next: number;
}

export class Offsets {
  constructor(private readonly db: Database, readonly group: string, readonly topic: string) {}

  /** Stored next offsets; every partition when `partitions` is omitted. */
  async load(partitions?: readonly number[]): Promise<Map<number, number>> {
    const result = await this.db.read({
      sql: "SELECT partition, next_offset FROM consumer_offsets WHERE grp = ? AND topic = ?",
      args: [this.group, this.topic],
    });
    const wanted = partitions && new Set(partitions);
    const out = new Map<number, number>();
    for (const row of result.rows) {
      const partition = Number(row.partition);
      if (!wanted || wanted.has(partition)) out.set(partition, Number(row.next_offset));
    }
    return out;
  }

  /**
   * Statements that refuse a batch's write unless these partitions' stored offsets are
   * still what this process last saw: a batch that changes actors without reading
   * records (a timer, a learning result) is fenced like one that does, so a process that
   * lost a partition (frozen past its session, say) cannot overwrite the new owner's state.
   */
  unchanged(partitions: ReadonlyMap<number, number | null>): GuardedStatement[] {
    return [...partitions].map(([partition, expected]) => ({
      // A no-op update: it touches the row only when the offset is the one expected.
      statement: {
        sql: `UPDATE consumer_offsets SET next_offset = next_offset
              WHERE grp = ? AND topic = ? AND partition = ?${expected === null ? "" : " AND next_offset = ?"}`,
        args: [this.group, this.topic, partition, ...(expected === null ? [] : [expected])],
      },
      // With nothing stored yet, nothing may have been stored since.
      expectRows: expected === null ? 0 : 1,
      error: {
        code: "E7403",
        message: `partition ${partition} of ${this.topic} moved under this process`,
        details: { partition, expected },
      },
    }));
  }

  /**
   * The statements advancing offsets in a batch's write, compare-and-set: if another
   * process moved a partition since this one read it (a rebalance), the whole batch
   * is refused with E7403.
   */
  advance(advances: readonly OffsetAdvance[], at: number): GuardedStatement[] {
    return advances.map(({ partition, expected, next }) => ({
      statement: expected === null
        ? {
          sql: `INSERT INTO consumer_offsets (grp, topic, partition, next_offset, updated_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          args: [this.group, this.topic, partition, next, at],
        }
        : {
          sql: `UPDATE consumer_offsets SET next_offset = ?, updated_at = ?
                WHERE grp = ? AND topic = ? AND partition = ? AND next_offset = ?`,
          args: [next, at, this.group, this.topic, partition, expected],
        },
      expectRows: 1,
      error: {
        code: "E7403",
        message: `partition ${partition} of ${this.topic} moved under this process`,
        details: { partition, expected },
      },
    }));
  }
}
