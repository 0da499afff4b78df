/**
 * `POST /v1/events`: the HTTP intake. Each event is validated; the valid ones go to
 * the ingest path (the embedded log, or the Kafka topic), which says which were
 * repeats; each rejected one is kept as a dead letter, so nothing is dropped
 * silently.
 *
 * A single invalid event answers 400 with its error; a batch answers 202 listing its
 * rejected events by position, or 400 when none of them was valid.
 *
 * @module
 */
import { Hono } from "hono";
import { AtlasError } from "../../errors.ts";
import { decodeEvent } from "../../schemas/mod.ts";
import type { DeadLetter } from "../../store/dead_letters.ts";
import type { Runtime } from "../../runtime.ts";
import { readEventBody } from "../event_body.ts";

/** An event of the request that was not taken, by its position in the request. */
interface Rejection {
  index: number;
  error: AtlasError;
}

export function eventRoutes(runtime: Runtime): Hono {
  return new Hono().post("/", async (c) => {
    const body = await readEventBody(c.req);
    const decoded = body.events.map(decodeEvent);
    const rejected: Rejection[] = [];
    const valid = decoded.flatMap((d, index) => {
      if (d.ok) return [d.event];
      rejected.push({ index, error: d.error });
      return [];
    });
    await keepRejected(runtime, body.events, rejected);
    const listed = rejected.map(({ index, error }) => ({ index, error: error.toData() }));
    if (valid.length === 0) {
      // A lone event answers with its own error; a batch with the first one and the list.
      const first = rejected[0]!.error;
      if (!body.batch) throw first;
      throw new AtlasError(first.code, `every event of the batch was rejected; the first: ${first.message}`, {
        details: { rejected: listed },
      });
    }
    const taken = await runtime.ingest(valid);
    const accepted = taken.filter(Boolean).length;
    return c.json({ accepted, duplicates: taken.length - accepted, rejected: listed }, 202);
  });
}

/** Stores each rejected event as a dead letter (origin `http`) and counts it. */
async function keepRejected(runtime: Runtime, events: readonly unknown[], rejected: readonly Rejection[]) {
  const letters = rejected.map(({ index, error }): DeadLetter => ({
    origin: "http",
    topic: null,
    partition: null,
    offset: null,
    key: null,
    value: JSON.stringify(events[index]),
    headers: null,
    code: error.code,
    reason: error.message,
  }));
  await runtime.deadLetters.add(letters, runtime.clock.now());
  for (const letter of letters) runtime.metrics.deadLetters.inc(1, { code: letter.code });
}
