/**
 * The baseline: a bare kafkajs `eachBatch` consumer that only parses each message's
 * JSON. Whatever the pipeline does beyond this is its cost.
 *
 * @module
 */
import type { Kafka } from "kafkajs";

/** Consumes `expected` messages of `topic` from the start; the time from first message to last. */
export async function bareConsume(
  kafka: Kafka,
  topic: string,
  expected: number,
): Promise<{ ms: number; parsed: number }> {
  const consumer = kafka.consumer({ groupId: `bare-${crypto.randomUUID()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = Promise.withResolvers<void>();
  let parsed = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    autoCommit: false,
    eachBatch: ({ batch }) => {
      if (!first) first = performance.now();
      for (const message of batch.messages) {
        JSON.parse(message.value!.toString());
        parsed++;
      }
      if (parsed >= expected) {
        last = performance.now();
        done.resolve();
      }
      return Promise.resolve();
    },
  });
  await done.promise;
  await consumer.disconnect();
  return { ms: last - first, parsed };
}
