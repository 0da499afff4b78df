/**
 * Training jobs: each job's persisted actor snapshot, with the columns the API
 * filters and counts by (state, dataset, model) kept beside it.
 *
 * @module
 */
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export interface JobRow {
  id: string;
  type: string;
  backend: string;
  state: string;
  dataset: string;
  datasetVersion: string;
  modelId: string | null;
  snapshot: unknown;
  createdAt: number;
  updatedAt: number;
}

export class Jobs {
  constructor(private readonly db: Database) {}

  save(job: JobRow): WriteStep {
    return {
      sql:
        `INSERT INTO jobs (id, type, backend, state, dataset, dataset_version, model_id, snapshot, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, model_id = excluded.model_id,
              snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
      args: [
        job.id,
        job.type,
        job.backend,
        job.state,
        job.dataset,
        job.datasetVersion,
        job.modelId,
        JSON.stringify(job.snapshot),
        job.createdAt,
        job.updatedAt,
      ],
    };
  }

  async get(id: string): Promise<JobRow | undefined> {
    const result = await this.db.read({ sql: `SELECT * FROM jobs WHERE id = ?`, args: [id] });
    return result.rows[0] && rowOf(result.rows[0]);
  }

  /** Newest first, of one state or all. */
  async list(query: { state?: string; limit: number }): Promise<JobRow[]> {
    const result = await this.db.read({
      sql: `SELECT * FROM jobs ${query.state ? "WHERE state = ?" : ""} ORDER BY created_at DESC, id DESC LIMIT ?`,
      args: [...(query.state ? [query.state] : []), query.limit],
    });
    return result.rows.map(rowOf);
  }

  /** Every job not yet succeeded, failed or cancelled: the ones a starting runtime picks up. */
  async unfinished(): Promise<JobRow[]> {
    const result = await this.db.read(
      `SELECT * FROM jobs WHERE state NOT IN ('succeeded', 'failed', 'cancelled') ORDER BY created_at, id`,
    );
    return result.rows.map(rowOf);
  }

  async countByState(): Promise<Record<string, number>> {
    const result = await this.db.read(`SELECT state, count(*) AS n FROM jobs GROUP BY state`);
    return Object.fromEntries(result.rows.map((r) => [String(r.state), Number(r.n)]));
  }
}

function rowOf(r: Record<string, unknown>): JobRow {
  return {
    id: String(r.id),
    type: String(r.type),
    backend: String(r.backend),
    state: String(r.state),
    dataset: String(r.dataset),
    datasetVersion: String(r.dataset_version),
    modelId: r.model_id === null ? null : String(r.model_id),
    snapshot: JSON.parse(String(r.snapshot)),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
