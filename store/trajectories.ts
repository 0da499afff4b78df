/**
 * Trajectories: each actor's persisted snapshot with the columns the API filters
 * on, its steps, and the late events it was sent.
 *
 * @module
 */
import type { InValue } from "@libsql/client";
import type { Trajectory } from "../learning/trajectory.ts";
import type { Outcome, StepBody, Task } from "../schemas/mod.ts";
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import { steps, type WriteStep } from "./write.ts";

/** A trajectory actor as persisted after a micro-batch. */
export interface TrajectoryWrite {
  id: string;
  state: string;
  outcome: string | null;
  family: string | null;
  stepCount: number;
  lateEvents: number;
  partition: number;
  deadline: number | null;
  snapshot: unknown;
}

/** A persisted snapshot as read back: parsed, or the raw text and why it could not be. */
export type StoredSnapshot =
  | { partition: number; snapshot: unknown }
  | { partition: number; unreadable: string; raw: string };

export interface StepWrite {
  trajectoryId: string;
  step: StepBody;
  /** `step` as JSON, made once for the store and for learning (`RecentTrajectories`). */
  body: string;
  source: string;
  id: string;
}

export interface LateEventWrite {
  trajectoryId: string;
  type: string;
  source: string;
  id: string;
  data: unknown;
}

/** A stored trajectory: the queried columns and its snapshot. */
export interface TrajectoryRow {
  id: string;
  state: string;
  outcome: string | null;
  stepCount: number;
  lateEvents: number;
  partition: number;
  updatedAt: number;
  snapshot: { value: string; context: Record<string, unknown> };
}

export interface ListQuery {
  state?: string | undefined;
  outcome?: string | undefined;
  limit: number;
  /** Opaque: the position after the last item of the previous page. */
  cursor?: string | undefined;
}

const columns = "rowid, id, state, outcome, step_count, late_events, partition, updated_at, snapshot";

export class Trajectories {
  constructor(private readonly db: Database) {}

  /** The persisted snapshots of these trajectories, those that exist; one that is not JSON comes back raw. */
  async snapshots(ids: readonly string[]): Promise<Map<string, StoredSnapshot>> {
    const out = new Map<string, StoredSnapshot>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const result = await this.db.read({
        sql: `SELECT id, partition, snapshot FROM trajectories WHERE id IN (${chunk.map(() => "?").join(",")})`,
        args: [...chunk],
      });
      for (const row of result.rows) {
        const partition = Number(row.partition);
        const raw = String(row.snapshot);
        try {
          out.set(String(row.id), { partition, snapshot: JSON.parse(raw) });
        } catch (error) {
          out.set(String(row.id), { partition, unreadable: (error as Error).message, raw });
        }
      }
    }
    return out;
  }

  async get(id: string): Promise<TrajectoryRow | undefined> {
    const result = await this.db.read({ sql: `SELECT ${columns} FROM trajectories WHERE id = ?`, args: [id] });
    return result.rows[0] && toRow(result.rows[0]);
  }

  /** Newest first, filtered, one page at a time. */
  async list(query: ListQuery): Promise<{ items: TrajectoryRow[]; nextCursor: string | null }> {
    const where: string[] = [];
    const args: InValue[] = [];
    if (query.state) where.push("state = ?"), args.push(query.state);
    if (query.outcome) where.push("outcome = ?"), args.push(query.outcome);
    if (query.cursor) where.push("rowid < ?"), args.push(decodeCursor(query.cursor));
    const result = await this.db.read({
      sql: `SELECT ${columns} FROM trajectories ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
            ORDER BY rowid DESC LIMIT ?`,
      args: [...args, query.limit + 1],
    });
    const rows = result.rows.slice(0, query.limit);
    const last = rows.at(-1);
    return {
      items: rows.map(toRow),
      nextCursor: result.rows.length > query.limit && last ? encodeCursor(Number(last.rowid)) : null,
    };
  }

  /** A stored trajectory as learning and extraction take it, or undefined when unknown. */
  async load(id: string): Promise<Trajectory | undefined> {
    return (await this.loadMany([id])).get(id);
  }

  /** Stored trajectories as learning takes them, loaded together (two queries); unknown ids are left out. */
  async loadMany(ids: readonly string[]): Promise<Map<string, Trajectory>> {
    const out = new Map<string, Trajectory>();
    if (ids.length === 0) return out;
    const list = JSON.stringify(ids);
    const [rows, steps] = await Promise.all([
      this.db.read({
        // One path list: SQLite parses the snapshot once, not once per field.
        // A snapshot that is not JSON gives no fields rather than failing the whole batch.
        sql: `SELECT id, CASE WHEN json_valid(snapshot)
                THEN json_extract(snapshot, '$.context.task', '$.context.outcome', '$.context.score')
                ELSE '[null,null,null]' END AS fields
              FROM trajectories WHERE id IN (SELECT value FROM json_each(?))`,
        args: [list],
      }),
      this.db.read({
        sql: `SELECT trajectory_id, body FROM steps WHERE trajectory_id IN (SELECT value FROM json_each(?))
              ORDER BY trajectory_id, idx`,
        args: [list],
      }),
    ]);
    const bodies = new Map<string, StepBody[]>();
    for (const row of steps.rows) {
      const id = String(row.trajectory_id);
      let list = bodies.get(id);
      if (!list) bodies.set(id, list = []);
      list.push(JSON.parse(String(row.body)) as StepBody);
    }
    for (const row of rows.rows) {
      const id = String(row.id);
      const [task, outcome, score] = JSON.parse(String(row.fields)) as [Task | null, Outcome | null, number | null];
      out.set(id, { id, task, outcome, score, steps: positioned(bodies.get(id) ?? []) });
    }
    return out;
  }

  /** Trajectories waiting to be learned (`analyzing`) in these partitions, the longest waiting first. */
  async waiting(
    partitions: readonly number[],
    limit: number,
  ): Promise<{ trajectoryId: string; partition: number }[]> {
    if (partitions.length === 0) return [];
    const result = await this.db.read({
      sql: `SELECT id, partition FROM trajectories
            WHERE state = 'analyzing' AND partition IN (SELECT value FROM json_each(?))
            ORDER BY updated_at LIMIT ?`,
      args: [JSON.stringify(partitions), limit],
    });
    return result.rows.map((r) => ({ trajectoryId: String(r.id), partition: Number(r.partition) }));
  }

  /** The learning backlog: trajectories in `analyzing`, and when the longest waiting one entered it. */
  async backlog(): Promise<{ waiting: number; oldestSince: number | null }> {
    const result = await this.db.read(
      "SELECT count(*) AS n, min(updated_at) AS oldest FROM trajectories WHERE state = 'analyzing'",
    );
    const row = result.rows[0];
    return { waiting: Number(row?.n ?? 0), oldestSince: row?.oldest == null ? null : Number(row.oldest) };
  }

  /** The indexes of a trajectory's stored steps, ascending. */
  async stepIndexes(id: string): Promise<number[]> {
    const result = await this.db.read({
      sql: "SELECT idx FROM steps WHERE trajectory_id = ? ORDER BY idx",
      args: [id],
    });
    return result.rows.map((row) => Number(row.idx));
  }

  /** The steps of a trajectory in index order; steps made from spans numbered by their place in it. */
  async steps(id: string): Promise<StepBody[]> {
    const result = await this.db.read({
      sql: "SELECT body FROM steps WHERE trajectory_id = ? ORDER BY idx",
      args: [id],
    });
    return positioned(result.rows.map((row) => JSON.parse(String(row.body)) as StepBody));
  }

  /** Trajectories with a pending timer in these partitions, for re-arming after a start. */
  async deadlines(partitions: readonly number[]): Promise<{ id: string; partition: number; deadline: number }[]> {
    if (partitions.length === 0) return [];
    const result = await this.db.read({
      sql: `SELECT id, partition, deadline FROM trajectories
            WHERE deadline IS NOT NULL AND partition IN (${partitions.map(() => "?").join(",")})`,
      args: [...partitions],
    });
    return result.rows.map((r) => ({ id: String(r.id), partition: Number(r.partition), deadline: Number(r.deadline) }));
  }

  /** Trajectories left in a state in these partitions (e.g. `analyzing` after a crash). */
  async inState(state: string, partitions: readonly number[]): Promise<{ id: string; partition: number }[]> {
    if (partitions.length === 0) return [];
    const result = await this.db.read({
      sql: `SELECT id, partition FROM trajectories
            WHERE state = ? AND partition IN (${partitions.map(() => "?").join(",")})`,
      args: [state, ...partitions],
    });
    return result.rows.map((r) => ({ id: String(r.id), partition: Number(r.partition) }));
  }

  /**
   * Trajectories opened and closed per minute since `since` (epoch ms), oldest first,
   * from the times their snapshots hold. Only rows changed since then are read: a
   * trajectory's opening and closing come before its last change.
   */
  async perMinute(since: number): Promise<{ minute: number; opened: number; closed: number }[]> {
    const result = await this.db.read({
      sql: `WITH recent AS (
              SELECT json_extract(snapshot, '$.context.openedAt') AS opened,
                     json_extract(snapshot, '$.context.closedAt') AS closed
              FROM trajectories WHERE updated_at >= ? AND json_valid(snapshot)
            ), times AS (
              SELECT opened / 60000 AS minute, 1 AS opened, 0 AS closed FROM recent WHERE opened >= ?
              UNION ALL
              SELECT closed / 60000, 0, 1 FROM recent WHERE closed >= ?
            )
            SELECT minute, sum(opened) AS opened, sum(closed) AS closed FROM times GROUP BY minute ORDER BY minute`,
      args: [since, since, since],
    });
    return result.rows.map((row) => ({
      minute: Number(row.minute) * 60_000,
      opened: Number(row.opened),
      closed: Number(row.closed),
    }));
  }

  /** Counts by state and by outcome, and the late events and steps in all. */
  async counts(): Promise<{
    byState: Record<string, number>;
    byOutcome: Record<string, number>;
    lateEvents: number;
    trajectories: number;
  }> {
    const [states, outcomes, totals] = await Promise.all([
      this.db.read("SELECT state, count(*) AS n FROM trajectories GROUP BY state"),
      this.db.read("SELECT outcome, count(*) AS n FROM trajectories WHERE outcome IS NOT NULL GROUP BY outcome"),
      this.db.read("SELECT count(*) AS n, coalesce(sum(late_events), 0) AS late FROM trajectories"),
    ]);
    return {
      byState: Object.fromEntries(states.rows.map((r) => [String(r.state), Number(r.n)])),
      byOutcome: Object.fromEntries(outcomes.rows.map((r) => [String(r.outcome), Number(r.n)])),
      lateEvents: Number(totals.rows[0]?.late ?? 0),
      trajectories: Number(totals.rows[0]?.n ?? 0),
    };
  }

  /** The statements writing actors, steps and late events in a batch's write. */
  statements(
    batch: { trajectories: readonly TrajectoryWrite[]; steps: readonly StepWrite[]; late: readonly LateEventWrite[] },
    at: number,
  ): WriteStep[] {
    return steps(
      bulkInsert(
        "INSERT INTO steps (trajectory_id, idx, body, event_source, event_id)",
        batch.steps.map((s) => [s.trajectoryId, s.step.index, s.body, s.source, s.id]),
        `ON CONFLICT (trajectory_id, idx) DO UPDATE SET
           body = excluded.body, event_source = excluded.event_source, event_id = excluded.event_id`,
      ),
      bulkInsert(
        "INSERT INTO late_events (trajectory_id, type, event_source, event_id, body, received_at)",
        batch.late.map((l) => [l.trajectoryId, l.type, l.source, l.id, JSON.stringify(l.data), at]),
      ),
      bulkInsert(
        `INSERT INTO trajectories
           (id, state, outcome, family, step_count, late_events, partition, deadline, updated_at, snapshot)`,
        batch.trajectories.map((t) => [
          t.id,
          t.state,
          t.outcome,
          t.family,
          t.stepCount,
          t.lateEvents,
          t.partition,
          t.deadline,
          at,
          JSON.stringify(t.snapshot),
        ]),
        `ON CONFLICT (id) DO UPDATE SET
           state = excluded.state, outcome = excluded.outcome, family = excluded.family,
           step_count = excluded.step_count, late_events = excluded.late_events, partition = excluded.partition,
           deadline = excluded.deadline, updated_at = excluded.updated_at, snapshot = excluded.snapshot`,
      ),
    );
  }
}

/**
 * Steps made from OpenTelemetry spans are indexed by their time in microseconds (spans
 * arrive out of order, so no position is known when they are stored); whoever reads
 * them, the API and learning alike, sees them numbered 0..n-1 in that order.
 */
export const positioned = (steps: StepBody[]): StepBody[] =>
  steps.some((s) => s.span !== undefined) ? steps.map((step, index) => ({ ...step, index })) : steps;

function toRow(row: Record<string, unknown>): TrajectoryRow {
  return {
    id: String(row.id),
    state: String(row.state),
    outcome: row.outcome === null ? null : String(row.outcome),
    stepCount: Number(row.step_count),
    lateEvents: Number(row.late_events),
    partition: Number(row.partition),
    updatedAt: Number(row.updated_at),
    snapshot: readableSnapshot(String(row.snapshot), String(row.state)),
  };
}

/** A stored snapshot for display; one that cannot be read shows its state and no context. */
function readableSnapshot(raw: string, state: string): TrajectoryRow["snapshot"] {
  try {
    return JSON.parse(raw);
  } catch {
    return { value: state, context: {} };
  }
}

const encodeCursor = (rowid: number) => btoa(`r:${rowid}`).replace(/=+$/, "");

/** Throws RangeError on a cursor this API did not issue. */
/** Whether `cursor` is one this store issued: for validating a query before it reaches the store. */
export function isCursor(cursor: string): boolean {
  try {
    decodeCursor(cursor);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

export function decodeCursor(cursor: string): number {
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw new RangeError("cursor is not one this API issued");
  }
  const match = /^r:(\d+)$/.exec(text);
  if (!match) throw new RangeError("cursor is not one this API issued");
  return Number(match[1]);
}
