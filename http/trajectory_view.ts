/**
 * How a stored trajectory reads in the API: a summary for lists, the whole of it
 * for one. Times are ISO 8601 strings; the rest comes from the actor's snapshot.
 *
 * @module
 */
import type { TrajectoryContext } from "../actors/trajectory/machine.ts";
import type { StepBody } from "../schemas/mod.ts";
import type { TrajectoryRow } from "../store/trajectories.ts";

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const isoOrNull = (epochMs: number | null) => (epochMs === null ? null : iso(epochMs));

/** The snapshot's context: the trajectory machine's, as persisted. */
const contextOf = (row: TrajectoryRow) => row.snapshot.context as unknown as TrajectoryContext;

/** A trajectory in a list. */
export function trajectorySummary(row: TrajectoryRow) {
  const context = contextOf(row);
  return {
    id: row.id,
    state: row.state,
    outcome: row.outcome,
    task: context.task,
    stepCount: row.stepCount,
    lateEvents: row.lateEvents,
    openedAt: iso(context.openedAt),
    closedAt: isoOrNull(context.closedAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** One trajectory with its steps, credit, analysis and evaluation. */
export function trajectoryDetail(row: TrajectoryRow, steps: readonly StepBody[]) {
  const context = contextOf(row);
  return {
    ...trajectorySummary(row),
    score: context.score,
    reason: context.reason,
    agent: context.agent,
    metadata: context.metadata,
    steps,
    credit: context.credit,
    analysis: context.analysis,
    evaluation: context.evaluation,
    error: context.error,
    deadline: isoOrNull(context.deadline),
  };
}
