/**
 * Taking events handed over whole (an HTTP batch, the pipeline's events): each is
 * validated; the valid ones go to the ingest path (the embedded log or the Kafka
 * topic), which says which were repeats; each rejected one is kept as a dead letter
 * (origin `http`) and counted, so nothing is dropped silently.
 *
 * @module
 */
import type { AtlasError } from "../errors.ts";
import type { Runtime } from "../runtime.ts";
import { type AtlasEvent, decodeEvent } from "../schemas/mod.ts";
import type { DeadLetter } from "../store/dead_letters.ts";

/** An event that was not taken, by its position in what was handed over. */
export interface Rejection {
  index: number;
  error: AtlasError;
}

export interface Intake {
  /** The valid events, in order. */
  valid: AtlasEvent[];
  /** For each valid event, whether it was new (false: a repeat). */
  taken: boolean[];
  rejected: Rejection[];
}

/** Where events handed over came from, as their dead letters say. */
export type Provenance = Pick<DeadLetter, "origin" | "topic" | "partition" | "offset">;

/** Events handed over in a request. */
export const overHttp: Provenance = { origin: "http", topic: null, partition: null, offset: null };

export async function takeEvents(
  runtime: Runtime,
  events: readonly unknown[],
  provenance: Provenance = overHttp,
): Promise<Intake> {
  const rejected: Rejection[] = [];
  const valid = events.map(decodeEvent).flatMap((d, index) => {
    if (d.ok) return [d.event];
    rejected.push({ index, error: d.error });
    return [];
  });
  await keepRejected(runtime, events, rejected, provenance);
  const taken = valid.length === 0 ? [] : await runtime.ingest(valid);
  return { valid, taken, rejected };
}

async function keepRejected(
  runtime: Runtime,
  events: readonly unknown[],
  rejected: readonly Rejection[],
  provenance: Provenance,
) {
  const letters = rejected.map(({ index, error }): DeadLetter => ({
    ...provenance,
    key: null,
    value: JSON.stringify(events[index]),
    headers: null,
    code: error.code,
    reason: error.message,
  }));
  await runtime.deadLetters.add(letters, runtime.clock.now());
  for (const letter of letters) runtime.metrics.deadLetters.inc(1, { code: letter.code });
}
