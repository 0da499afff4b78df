/**
 * The verifier: reads the store after the run and checks that every trajectory holds
 * exactly its steps, once, with its outcome (a step the broker acknowledged only after
 * the trajectory's grace was over is late, as the service must count it, not lost); that every distinct event was applied
 * once; that every trajectory was learned once; and that every malformed message and
 * unreadable snapshot was kept as a dead letter with its code.
 *
 * @module
 */
import { createClient } from "@libsql/client";
import type { Expectation } from "./stream.ts";

export interface Verdict {
  problems: string[];
  trajectories: number;
  /** Steps expected and not stored, trajectories never stored. */
  lost: number;
  /** Steps kept as late because the broker acknowledged them after their trajectory's grace was over. */
  lateAfterGrace: number;
  /** Steps stored beyond the expected, events or learning applied twice. */
  doubled: number;
  rebuilt: number;
  deadLetters: Record<string, number>;
}

export interface Expected {
  trajectories: Map<string, Expectation>;
  /** Distinct events of the stream (its repeats not counted). */
  events: number;
  /** Malformed messages sent to the topic. */
  malformedOnTopic: number;
  /** Trajectories whose snapshot was cut. */
  corrupted: readonly string[];
  /** When the broker acknowledged each event, by `source id`. */
  ackedAt: ReadonlyMap<string, number>;
  closeGraceMs: number;
}

/**
 * The late steps of trajectory `id` that the broker acknowledged only after its grace
 * was over (closed + ATLAS_CLOSE_GRACE_MS): no service could have taken them in time.
 */
async function stepsAckedAfterGrace(db: ReturnType<typeof createClient>, id: string, expected: Expected) {
  const { rows } = await db.execute({
    sql: `SELECT l.event_source AS source, l.event_id AS event, json_extract(t.snapshot, '$.context.closedAt') AS closed
          FROM late_events l JOIN trajectories t ON t.id = l.trajectory_id
          WHERE l.trajectory_id = ? AND l.type = 'atlas.trajectory.step'`,
    args: [id],
  });
  return rows.filter((r) =>
    r.closed !== null &&
    (expected.ackedAt.get(`${r.source} ${r.event}`) ?? 0) > Number(r.closed) + expected.closeGraceMs
  ).length;
}

const rowsOf = async (db: ReturnType<typeof createClient>, sql: string) => (await db.execute(sql)).rows;

export async function verify(url: string, expected: Expected): Promise<Verdict> {
  const db = createClient({ url });
  try {
    const problems: string[] = [];
    let lost = 0;
    let doubled = 0;
    const stored = new Map(
      (await rowsOf(db, "SELECT id, state, outcome, step_count FROM trajectories")).map((r) => [String(r.id), r]),
    );
    const stepRows = new Map(
      (await rowsOf(db, "SELECT trajectory_id AS id, count(*) AS n FROM steps GROUP BY trajectory_id"))
        .map((r) => [String(r.id), Number(r.n)]),
    );
    let lateAfterGrace = 0;
    for (const [id, want] of expected.trajectories) {
      const row = stored.get(id);
      if (!row) {
        problems.push(`${id}: missing`);
        lost += want.steps;
        continue;
      }
      const steps = stepRows.get(id) ?? 0;
      const late = steps < want.steps ? await stepsAckedAfterGrace(db, id, expected) : 0;
      lateAfterGrace += late;
      if (steps + late < want.steps) lost += want.steps - steps - late;
      if (steps > want.steps) doubled += steps - want.steps;
      const got = { state: String(row.state), outcome: row.outcome, steps: Number(row.step_count), rows: steps };
      const counted = want.steps - late;
      if (
        got.state !== "completed" || got.outcome !== want.outcome || got.steps !== counted || steps !== counted
      ) {
        problems.push(`${id}: ${JSON.stringify(got)}, expected ${JSON.stringify({ ...want, state: "completed" })}`);
      }
    }
    const [seen] = await rowsOf(db, "SELECT count(*) AS n FROM seen_events WHERE source <> 'chaos://malformed'");
    if (Number(seen!.n) !== expected.events) {
      problems.push(`${seen!.n} distinct events applied, ${expected.events} sent`);
      if (Number(seen!.n) > expected.events) doubled += Number(seen!.n) - expected.events;
    }
    const [learned] = await rowsOf(db, "SELECT count(*) AS n FROM learned_trajectories");
    if (Number(learned!.n) !== expected.trajectories.size) {
      problems.push(`${learned!.n} trajectories learned, ${expected.trajectories.size} expected`);
    }
    const [support] = await rowsOf(db, "SELECT coalesce(sum(support), 0) AS n FROM strategies");
    const [sources] = await rowsOf(db, "SELECT count(*) AS n FROM strategy_sources");
    if (Number(support!.n) !== Number(sources!.n)) {
      problems.push(`strategies count ${support!.n} sources, ${sources!.n} distinct: learned twice`);
      doubled += Math.max(0, Number(support!.n) - Number(sources!.n));
    }
    const letters = Object.fromEntries(
      (await rowsOf(db, "SELECT origin || ' ' || code AS k, count(*) AS n FROM dead_letters GROUP BY 1"))
        .map((r) => [String(r.k), Number(r.n)]),
    );
    const onTopic = Object.entries(letters).filter(([k]) => k.startsWith("kafka ")).reduce((n, [, v]) => n + v, 0);
    if (onTopic !== expected.malformedOnTopic) {
      problems.push(`${onTopic} messages dead-lettered from the topic, ${expected.malformedOnTopic} malformed sent`);
    }
    const rebuilt = (await rowsOf(db, "SELECT DISTINCT key FROM dead_letters WHERE code = 'E7405'")).map((r) =>
      String(r.key)
    );
    for (const id of expected.corrupted) {
      if (!rebuilt.includes(id)) problems.push(`${id}: its snapshot was cut but no E7405 dead letter says so`);
    }
    return {
      problems,
      trajectories: stored.size,
      lost,
      lateAfterGrace,
      doubled,
      rebuilt: rebuilt.length,
      deadLetters: letters,
    };
  } finally {
    db.close();
  }
}
