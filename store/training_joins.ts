/**
 * The training-data joins: one row per join key, kept by triggers (see migration 3)
 * in the transaction that stored each part, and the parts themselves, read back for
 * the decision.
 *
 * @module
 */
import type { EvaluationPart, UpstreamPart, UpstreamType } from "../training/join.ts";
import type { SourceEvent } from "../training/example.ts";
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export type JoinStatus = "waiting" | "emitted" | "dead" | "skipped";

export interface ReadyJoin {
  key: string;
  kind: "execution" | "trajectory";
  subject: string;
  version: number;
  firstAt: number;
}

export interface JoinOutcome {
  key: string;
  /** The version the decision saw: a part that came since keeps the join pending. */
  version: number;
  status: Exclude<JoinStatus, "waiting">;
  code: string | null;
  reason: string | null;
}

export interface StoredJoin {
  key: string;
  kind: string;
  firstAt: number;
  lastAt: number;
  parts: { execution: boolean; planning: boolean; evaluation: boolean; trajectory: boolean };
  pending: boolean;
  status: JoinStatus;
  code: string | null;
  reason: string | null;
  decidedAt: number | null;
}

/** A join is complete when every part it can have is in; then it need not wait. */
const complete = `(kind = 'execution' AND has_execution AND has_planning AND has_evaluation)
  OR (kind = 'trajectory' AND has_trajectory AND has_evaluation)`;

export class TrainingJoins {
  constructor(private readonly db: Database) {}

  /** Joins with news that are complete or have waited `waitMs`, oldest first. */
  async ready(now: number, waitMs: number, limit: number): Promise<ReadyJoin[]> {
    const result = await this.db.read({
      sql: `SELECT key, kind, subject, version, first_at FROM training_joins
            WHERE dirty = 1 AND (first_at <= ? OR ${complete})
            ORDER BY first_at LIMIT ?`,
      args: [now - waitMs, limit],
    });
    return result.rows.map((r) => ({
      key: String(r.key),
      kind: String(r.kind) as ReadyJoin["kind"],
      subject: String(r.subject),
      version: Number(r.version),
      firstAt: Number(r.first_at),
    }));
  }

  /** When the oldest pending join will have waited `waitMs`, if any is pending. */
  async nextDue(waitMs: number): Promise<number | undefined> {
    const result = await this.db.read("SELECT min(first_at) AS first FROM training_joins WHERE dirty = 1");
    const first = result.rows[0]?.first;
    return first === null || first === undefined ? undefined : Number(first) + waitMs;
  }

  /** The upstream events of these execution ids (L06 only, when `evaluationsOnly`). */
  async upstream(executionIds: readonly string[], evaluationsOnly = false): Promise<Map<string, UpstreamPart[]>> {
    const out = new Map<string, UpstreamPart[]>();
    if (executionIds.length === 0) return out;
    const result = await this.db.read({
      sql: `SELECT u.execution_id, u.type, u.event_source, u.event_id, u.body, u.received_at
            FROM json_each(?) j JOIN upstream_events u ON u.execution_id = j.value
            ${evaluationsOnly ? "WHERE u.type = 'evaluation.completed'" : ""}`,
      args: [JSON.stringify(executionIds)],
    });
    for (const r of result.rows) {
      const id = String(r.execution_id);
      const list = out.get(id) ?? [];
      list.push({
        type: String(r.type) as UpstreamType,
        source: String(r.event_source),
        id: String(r.event_id),
        data: JSON.parse(String(r.body)),
        receivedAt: Number(r.received_at),
      });
      out.set(id, list);
    }
    return out;
  }

  /** The `atlas.evaluation.completed` events of these trajectories. */
  async evaluations(trajectoryIds: readonly string[]): Promise<Map<string, EvaluationPart[]>> {
    const out = new Map<string, EvaluationPart[]>();
    if (trajectoryIds.length === 0) return out;
    const result = await this.db.read({
      sql: `SELECT e.trajectory_id, e.event_source, e.event_id, e.quality_score, e.confidence, e.received_at
            FROM json_each(?) j JOIN evaluations e ON e.trajectory_id = j.value`,
      args: [JSON.stringify(trajectoryIds)],
    });
    for (const r of result.rows) {
      const id = String(r.trajectory_id);
      const list = out.get(id) ?? [];
      list.push({
        source: String(r.event_source),
        id: String(r.event_id),
        qualityScore: Number(r.quality_score),
        confidence: Number(r.confidence),
        receivedAt: Number(r.received_at),
      });
      out.set(id, list);
    }
    return out;
  }

  /** The events a trajectory's steps came from, in index order, each once. */
  async stepEvents(trajectoryId: string): Promise<SourceEvent[]> {
    const result = await this.db.read({
      sql: "SELECT DISTINCT event_source, event_id FROM steps WHERE trajectory_id = ? ORDER BY idx",
      args: [trajectoryId],
    });
    return result.rows.map((r) => ({
      type: "atlas.trajectory.step",
      source: String(r.event_source),
      id: String(r.event_id),
    }));
  }

  /** Which of `ids` name a trajectory. */
  async trajectoriesAmong(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const result = await this.db.read({
      sql: "SELECT t.id FROM json_each(?) j JOIN trajectories t ON t.id = j.value",
      args: [JSON.stringify(ids)],
    });
    return new Set(result.rows.map((r) => String(r.id)));
  }

  /** Records decisions; a join whose version moved on stays pending. */
  decide(outcomes: readonly JoinOutcome[], at: number): WriteStep[] {
    if (outcomes.length === 0) return [];
    const rows = outcomes.map((o) => [o.key, o.version, o.status, o.code, o.reason]);
    return [{
      sql: `UPDATE training_joins SET status = d.status, code = d.code, reason = d.reason, decided_at = ?,
              dirty = CASE WHEN training_joins.version = d.version THEN 0 ELSE 1 END
            FROM (SELECT value->>0 AS key, value->>1 AS version, value->>2 AS status, value->>3 AS code,
                    value->>4 AS reason FROM json_each(?)) AS d
            WHERE training_joins.key = d.key`,
      args: [at, JSON.stringify(rows)],
    }];
  }

  /** Joins by status, and how many have parts not yet decided on. */
  async counts(): Promise<Record<JoinStatus, number> & { pending: number }> {
    const result = await this.db.read(
      "SELECT status, count(*) AS n, sum(dirty) AS pending FROM training_joins GROUP BY status",
    );
    const counts = { waiting: 0, emitted: 0, dead: 0, skipped: 0, pending: 0 };
    for (const r of result.rows) {
      counts[String(r.status) as JoinStatus] = Number(r.n);
      counts.pending += Number(r.pending);
    }
    return counts;
  }

  /** A page of joins, oldest first, optionally of one status. */
  async list(query: { status?: JoinStatus; limit: number; after?: string }): Promise<StoredJoin[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.status) where.push("status = ?"), args.push(query.status);
    if (query.after) where.push("key > ?"), args.push(query.after);
    const result = await this.db.read({
      sql: `SELECT * FROM training_joins ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY key LIMIT ?`,
      args: [...args, query.limit],
    });
    return result.rows.map((r) => ({
      key: String(r.key),
      kind: String(r.kind),
      firstAt: Number(r.first_at),
      lastAt: Number(r.last_at),
      parts: {
        execution: Boolean(r.has_execution),
        planning: Boolean(r.has_planning),
        evaluation: Boolean(r.has_evaluation),
        trajectory: Boolean(r.has_trajectory),
      },
      pending: Boolean(r.dirty),
      status: String(r.status) as JoinStatus,
      code: r.code === null ? null : String(r.code),
      reason: r.reason === null ? null : String(r.reason),
      decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    }));
  }
}
