/**
 * Learned trajectories: one row per trajectory whose learning is done, holding its
 * result. A repeat (a retry, a replay after a crash) reads the result back instead
 * of learning twice; the batch actor counts what was learned since its last run.
 *
 * @module
 */
import type { AnalysisResult } from "../learning/analyze.ts";
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

/** A trajectory whose learning is done, and what it gave. */
export interface LearnedRecord {
  trajectory: { id: string; family: string | null; outcome: string | null };
  result: AnalysisResult;
}

export class Learned {
  constructor(private readonly db: Database) {}

  /** The stored result of a trajectory learned before, if any. */
  async get(trajectoryId: string): Promise<AnalysisResult | undefined> {
    const result = await this.db.read({
      sql: "SELECT result FROM learned_trajectories WHERE trajectory_id = ?",
      args: [trajectoryId],
    });
    const row = result.rows[0];
    return row && JSON.parse(String(row.result)) as AnalysisResult;
  }

  /** The stored results of those of `trajectoryIds` learned before: one query for a batch. */
  async getMany(trajectoryIds: readonly string[]): Promise<Map<string, AnalysisResult>> {
    if (trajectoryIds.length === 0) return new Map();
    const result = await this.db.read({
      sql: `SELECT trajectory_id, result FROM learned_trajectories
            WHERE trajectory_id IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify(trajectoryIds)],
    });
    return new Map(result.rows.map((row) => [String(row.trajectory_id), JSON.parse(String(row.result))]));
  }

  /** The statement recording trajectories as learned, one statement for a batch; a repeat changes nothing. */
  record(learned: readonly LearnedRecord[], now: number): WriteStep[] {
    const insert = bulkInsert(
      "INSERT INTO learned_trajectories (trajectory_id, family, outcome, result, learned_at)",
      learned.map(({ trajectory, result }) => [
        trajectory.id,
        trajectory.family,
        trajectory.outcome,
        JSON.stringify(result),
        now,
      ]),
      "ON CONFLICT (trajectory_id) DO NOTHING",
    );
    return insert ? [insert] : [];
  }

  /** Trajectories learned after `since` (all when null), and how many of them succeeded. */
  async since(since: number | null): Promise<{ trajectories: number; successes: number }> {
    const result = await this.db.read({
      sql: `SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'success') AS ok
            FROM learned_trajectories WHERE learned_at > ?`,
      args: [since ?? -1],
    });
    return { trajectories: Number(result.rows[0]?.n ?? 0), successes: Number(result.rows[0]?.ok ?? 0) };
  }

  /** The ids learned after `since` (all when null): the oldest first, or the `newest` `limit`. */
  async idsSince(since: number | null, limit: number, order: "oldest" | "newest" = "oldest"): Promise<string[]> {
    const result = await this.db.read({
      sql: `SELECT trajectory_id FROM learned_trajectories WHERE learned_at > ?
            ORDER BY learned_at ${order === "newest" ? "DESC" : "ASC"} LIMIT ?`,
      args: [since ?? -1, limit],
    });
    return result.rows.map((row) => String(row.trajectory_id));
  }
}
