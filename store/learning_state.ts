/**
 * Learning's small named documents (the learning config, the batch actor's snapshot,
 * the fitted outcome model) and the record of batch runs.
 *
 * @module
 */
import type { Row } from "@libsql/client";
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export type StateKey = "config" | "batch" | "outcome-model";

export interface BatchRunRecord {
  id: string;
  trigger: string;
  status: "running" | "succeeded" | "failed";
  startedAt: number;
  finishedAt: number | null;
  result: unknown;
  error: unknown;
}

export class LearningState {
  constructor(private readonly db: Database) {}

  async get<T>(key: StateKey): Promise<T | undefined> {
    const result = await this.db.read({ sql: "SELECT value FROM learning_state WHERE key = ?", args: [key] });
    const row = result.rows[0];
    return row && JSON.parse(String(row.value)) as T;
  }

  put(key: StateKey, value: unknown, now: number): WriteStep {
    return {
      sql: `INSERT INTO learning_state (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      args: [key, JSON.stringify(value), now],
    };
  }

  /** Records a run's start, or its end (a restarted run keeps its first start). */
  run(run: BatchRunRecord): WriteStep {
    return {
      sql: `INSERT INTO learning_batches (id, trigger, status, started_at, finished_at, result, error)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at,
              result = excluded.result, error = excluded.error`,
      args: [
        run.id,
        run.trigger,
        run.status,
        run.startedAt,
        run.finishedAt,
        run.result === null ? null : JSON.stringify(run.result),
        run.error === null ? null : JSON.stringify(run.error),
      ],
    };
  }

  /** The newest runs first. */
  async runs(limit: number): Promise<BatchRunRecord[]> {
    const result = await this.db.read({
      sql: "SELECT * FROM learning_batches ORDER BY started_at DESC, id DESC LIMIT ?",
      args: [limit],
    });
    return result.rows.map(toRun);
  }

  /** One run, or undefined when there is none with `id`. */
  async findRun(id: string): Promise<BatchRunRecord | undefined> {
    const result = await this.db.read({ sql: "SELECT * FROM learning_batches WHERE id = ?", args: [id] });
    const row = result.rows[0];
    return row && toRun(row);
  }
}

function toRun(row: Row): BatchRunRecord {
  return {
    id: String(row.id),
    trigger: String(row.trigger),
    status: String(row.status) as BatchRunRecord["status"],
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    result: row.result === null ? null : JSON.parse(String(row.result)),
    error: row.error === null ? null : JSON.parse(String(row.error)),
  };
}
