/**
 * What a micro-batch will write, gathered while it is routed and written in one
 * transaction once routing is done.
 *
 * @module
 */
import type { AtlasError } from "../errors.ts";
import { type AtlasEvent, executionIdOf } from "../schemas/mod.ts";
import type { DeadLetter } from "../store/dead_letters.ts";
import type { OffsetAdvance } from "../store/offsets.ts";
import type { LateEventWrite, StepWrite } from "../store/trajectories.ts";
import type { EvaluationWrite, UpstreamWrite } from "../store/upstream.ts";
import type { SourceRecord } from "../streams/source.ts";
import type { StateChange } from "./batch_items.ts";

/** Everything a batch will write, gathered before the transaction. */
export interface Writes {
  advances: Map<number, OffsetAdvance>;
  seen: { source: string; id: string }[];
  steps: StepWrite[];
  late: LateEventWrite[];
  deadLetters: DeadLetter[];
  evaluations: EvaluationWrite[];
  upstream: UpstreamWrite[];
  changes: StateChange[];
}

export const emptyWrites = (): Writes => ({
  advances: new Map(),
  seen: [],
  steps: [],
  late: [],
  deadLetters: [],
  evaluations: [],
  upstream: [],
  changes: [],
});

/** Evaluations and upstream events are kept for the training-data join. */
export function keepUpstream(event: AtlasEvent, writes: Writes): void {
  const { source, id } = event;
  switch (event.type) {
    case "atlas.evaluation.completed":
      writes.evaluations.push({
        source,
        id,
        trajectoryId: event.data.trajectoryId,
        qualityScore: event.data.qualityScore,
        confidence: event.data.confidence,
        data: event.data,
      });
      return;
    case "execution.completed":
    case "planning.completed":
    case "evaluation.completed":
      writes.upstream.push({
        source,
        id,
        type: event.type,
        executionId: executionIdOf(event.data),
        data: event.data,
      });
  }
}

/** A record that could not be decoded, as a dead letter with its raw value and the reason. */
export function deadLetterOf(record: SourceRecord, error: AtlasError, origin: DeadLetter["origin"]): DeadLetter {
  const headers = Object.fromEntries(
    Object.entries(record.headers).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, typeof v === "string" ? v : new TextDecoder().decode(v)]]
    ),
  );
  return {
    origin,
    topic: record.position.topic,
    partition: record.position.partition,
    offset: record.position.offset,
    key: record.key,
    value: record.value,
    headers: Object.keys(headers).length ? headers : null,
    code: error.code,
    reason: error.message,
  };
}
