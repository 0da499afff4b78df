/**
 * The durable baseline: the least an exactly-once consumer must do. A kafkajs
 * `eachBatch` consumer that writes each batch's raw events and its next offset to a
 * local libSQL file in one transaction (WAL, `synchronous = NORMAL`, as the service
 * runs), before it takes the next batch. No parsing, no state, no learning: what
 * the pipeline does beyond this is its own cost.
 *
 * @module
 */
import { createClient } from "@libsql/client";
import type { Kafka } from "kafkajs";

/** Consumes `expected` messages of `topic` into a fresh database in `dir`; the time from first message to last stored. */
export async function durableConsume(
  kafka: Kafka,
  topic: string,
  expected: number,
  dir: string,
): Promise<{ ms: number; stored: number }> {
  const db = createClient({ url: `file:${dir}/durable.db` });
  await db.execute("PRAGMA journal_mode = WAL");
  await db.execute("PRAGMA synchronous = NORMAL");
  await db.execute(
    "CREATE TABLE events (part INTEGER NOT NULL, off INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (part, off))",
  );
  await db.execute("CREATE TABLE offsets (part INTEGER PRIMARY KEY, next INTEGER NOT NULL)");
  const consumer = kafka.consumer({ groupId: `durable-${crypto.randomUUID()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = Promise.withResolvers<void>();
  let stored = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (!first) first = performance.now();
      const rows = batch.messages.map((m) => [batch.partition, Number(m.offset), m.value!.toString()]);
      const statements = [];
      // SQLite takes at most 32,766 parameters a statement: 10,000 rows of three.
      for (let i = 0; i < rows.length; i += 10_000) {
        const chunk = rows.slice(i, i + 10_000);
        statements.push({
          sql: `INSERT INTO events (part, off, value) VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}`,
          args: chunk.flat(),
        });
      }
      statements.push({
        sql: "INSERT INTO offsets (part, next) VALUES (?, ?) ON CONFLICT (part) DO UPDATE SET next = excluded.next",
        args: [batch.partition, Number(batch.lastOffset()) + 1],
      });
      await db.batch(statements, "write");
      stored += rows.length;
      if (stored >= expected && !last) {
        last = performance.now();
        done.resolve();
      }
    },
  });
  await done.promise;
  await consumer.disconnect();
  db.close();
  return { ms: last - first, stored };
}
