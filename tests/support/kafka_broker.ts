/**
 * Kafka for tests: the broker address, whether `[kafka]` tests run, and fresh topics.
 * Outside CI a test needing Kafka is skipped when KAFKA_BROKERS is unset; in CI it
 * runs, so a missing broker fails the run.
 *
 * @module
 */
import { createKafka, ensureTopics } from "../../streams/kafka_client.ts";
import { KafkaProducer, type OutgoingMessage } from "../../streams/kafka_producer.ts";
import { silentLogger } from "../../log.ts";

/** True when `[kafka]` tests are to be skipped (no broker configured, not in CI). */
export const withoutKafka = !Deno.env.get("KAFKA_BROKERS") && Deno.env.get("CI") !== "true";

/** The broker list; throws in CI when it is missing. */
export function brokers(): string[] {
  const list = Deno.env.get("KAFKA_BROKERS");
  if (!list) throw new Error("KAFKA_BROKERS is not set: the [kafka] tests need the local broker (deploy/kafka)");
  return list.split(",");
}

/** A topic name no other test run uses. */
export const uniqueTopic = (prefix: string) => `${prefix}-${Date.now()}-${crypto.randomUUID().slice(0, 8)}`;

/** Creates `topic` with `partitions` partitions and produces `messages` to it, in order. */
export async function produce(topic: string, partitions: number, messages: readonly OutgoingMessage[]): Promise<void> {
  const kafka = createKafka({ brokers: brokers(), clientId: "atlas-test" }, silentLogger);
  await ensureTopics(kafka, [topic], partitions);
  const producer = new KafkaProducer(kafka);
  try {
    for (let i = 0; i < messages.length; i += 2_000) await producer.send(topic, messages.slice(i, i + 2_000));
  } finally {
    await producer.disconnect();
  }
}

/** Reads every message of a topic from the start (a throwaway consumer group). */
export async function readAll(topic: string, expected: number, timeoutMs = 30_000) {
  const kafka = createKafka({ brokers: brokers(), clientId: "atlas-test" }, silentLogger);
  const consumer = kafka.consumer({ groupId: uniqueTopic("reader"), maxWaitTimeInMs: 100 });
  const out: { key: string | null; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = Promise.withResolvers<void>();
    const timer = setTimeout(() => done.resolve(), timeoutMs);
    await consumer.run({
      eachMessage: ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? "", headers });
        if (out.length >= expected) done.resolve();
        return Promise.resolve();
      },
    });
    await done.promise;
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  return out;
}
