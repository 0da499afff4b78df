/**
 * The write path of `POST /v1/events`: valid events go into the embedded log, or in
 * Kafka mode onto the traces topic, so HTTP and Kafka producers take one path
 * through the pipeline. Repeats of an event already taken are reported, not sent.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";
import { type AtlasEvent, keyOf } from "../schemas/mod.ts";
import { type Dedupe, identity } from "../store/dedupe.ts";
import type { EventLog } from "../store/event_log.ts";
import type { KafkaProducer } from "./kafka_producer.ts";

/** Per event, whether it was taken (false: a duplicate). */
export interface Ingest {
  (events: readonly AtlasEvent[]): Promise<boolean[]>;
}

/** Appends to the embedded log; the log's unique (source, id) finds the repeats. */
export function embeddedIngest(log: EventLog, now: () => number): Ingest {
  return (events) =>
    log.append(
      events.map((e) => ({ source: e.source, id: e.id, key: keyOf(e), value: JSON.stringify(e) })),
      now(),
    );
}

/** Produces to the topic, keyed by trajectory; skips events the pipeline already applied. */
export function kafkaIngest(producer: KafkaProducer, topic: string, dedupe: Dedupe): Ingest {
  return async (events) => {
    const applied = await dedupe.seen(events);
    const taken = new Set<string>();
    const fresh = events.map((e) => {
      const key = identity(e.source, e.id);
      if (applied.has(key) || taken.has(key)) return false;
      taken.add(key);
      return true;
    });
    try {
      await producer.send(
        topic,
        events.filter((_, i) => fresh[i]).map((e) => ({ key: keyOf(e), value: JSON.stringify(e) })),
      );
    } catch (error) {
      throw new AtlasError("E7404", `could not produce to ${topic}: ${(error as Error).message}`, {
        cause: error,
        retryable: true,
      });
    }
    return fresh;
  };
}
