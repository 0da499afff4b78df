/**
 * Evaluations and the upstream layers' events (L02, L05, L06), kept as they arrive
 * for the training-data join on the execution id.
 *
 * @module
 */
import { bulkInsert } from "./bulk_insert.ts";
import { steps, type WriteStep } from "./write.ts";

export interface EvaluationWrite {
  source: string;
  id: string;
  trajectoryId: string;
  qualityScore: number;
  confidence: number;
  data: unknown;
}

export interface UpstreamWrite {
  source: string;
  id: string;
  type: string;
  executionId: string;
  data: unknown;
}

/** The statements keeping evaluations and upstream events in a batch's write. */
export function upstreamStatements(
  batch: { evaluations: readonly EvaluationWrite[]; upstream: readonly UpstreamWrite[] },
  at: number,
): WriteStep[] {
  return steps(
    bulkInsert(
      `INSERT OR IGNORE INTO evaluations
         (event_source, event_id, trajectory_id, quality_score, confidence, body, received_at)`,
      batch.evaluations.map((
        e,
      ) => [e.source, e.id, e.trajectoryId, e.qualityScore, e.confidence, JSON.stringify(e.data), at]),
    ),
    bulkInsert(
      "INSERT OR IGNORE INTO upstream_events (event_source, event_id, type, execution_id, body, received_at)",
      batch.upstream.map((u) => [u.source, u.id, u.type, u.executionId, JSON.stringify(u.data), at]),
    ),
  );
}
