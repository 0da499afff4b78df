/**
 * The pipeline against the real broker: the real FEVER, WebShop and Voyager runs
 * interleaved across partitions (steps out of order, ~2% delivered twice, some in
 * CloudEvents binary mode) plus poison messages, through Kafka into completed
 * trajectory actors.
 *
 * @module
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { deadLetterTopic } from "../streams/dead_letter_topic.ts";
import type { OutgoingMessage } from "../streams/kafka_producer.ts";
import { datasetEvents, datasetLines, type Expected, expectedOf } from "./support/datasets.ts";
import { brokers, produce, readAll, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { completedCount, mismatches } from "./support/outcomes.ts";
import { waitFor } from "./support/wait.ts";

/** Round-robin over the lists, so the datasets' trajectories are in flight together. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

/** A structured-mode message keyed by trajectory, as a producer following the contract sends it. */
const structured = (line: string): OutgoingMessage => ({ key: JSON.parse(line).data.trajectoryId, value: line });

/** The same event in CloudEvents binary mode: attributes in ce_* headers, the data as the value. */
function binary(line: string): OutgoingMessage {
  const event = JSON.parse(line);
  return {
    key: event.data.trajectoryId,
    value: JSON.stringify(event.data),
    headers: {
      ce_specversion: event.specversion,
      ce_id: event.id,
      ce_source: event.source,
      ce_type: event.type,
      "content-type": "application/json",
    },
  };
}

const poison: OutgoingMessage[] = [
  { key: "poison-1", value: "{not json" },
  { key: "poison-2", value: JSON.stringify({ hello: "world" }) },
  {
    key: "poison-3",
    value: JSON.stringify({ specversion: "1.0", id: "p3", source: "test://poison", type: "atlas.unknown", data: {} }),
  },
  {
    // A bad step for a real trajectory must not touch it.
    key: "fever-3687",
    value: JSON.stringify({
      specversion: "1.0",
      id: "p4",
      source: "test://poison",
      type: "atlas.trajectory.step",
      data: { trajectoryId: "fever-3687", index: -1, kind: "action", content: "x" },
    }),
  },
];

Deno.test({
  name: "[kafka] interleaved real runs, out of order, duplicated, binary mode and poison all end as expected",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("pipeline");
    const [fever, webshop, voyager] = await Promise.all([
      datasetLines("fever"),
      datasetLines("webshop"),
      datasetLines("voyager"),
    ]);
    const messages = interleave([fever.map(structured), webshop.map(structured), voyager.map(binary)]);
    messages.splice(1_000, 0, ...poison.slice(0, 2));
    messages.splice(5_000, 0, ...poison.slice(2));
    await produce(topic, 4, messages);

    const dir = await Deno.makeTempDir();
    const config = loadConfig({
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: brokers().join(","),
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-group`,
      ATLAS_CLOSE_GRACE_MS: "500",
      ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
    });
    const runtime = await createRuntime(config, { log: silentLogger });
    await runtime.start();
    try {
      const expected: Record<string, Expected> = Object.assign(
        {},
        ...await Promise.all(["fever", "webshop", "voyager"].map((n) => expectedOf(n as "fever"))),
      );
      const total = Object.keys(expected).length;
      await waitFor(async () => (await completedCount(runtime.trajectories)) >= total, {
        timeoutMs: 90_000,
        message: `${total} trajectories completed`,
      });
      assert.deepEqual(await mismatches(runtime.trajectories, expected), []);

      const counts = await runtime.trajectories.counts();
      assert.equal(counts.trajectories, total);
      assert.equal(counts.lateEvents, 0);
      assert.deepEqual(await runtime.deadLetters.counts(), { E7001: 1, E7002: 1, E7004: 1, E7003: 1 });

      // Every distinct event applied once: the dedupe ids are exactly the distinct (source, id).
      const events = (await Promise.all(["fever", "webshop", "voyager"].map((n) => datasetEvents(n as "fever"))))
        .flat();
      const distinct = new Set(events.map((e) => `${e.source} ${e.id}`));
      const seen = await runtime.db.read("SELECT count(*) AS n FROM seen_events");
      assert.equal(Number(seen.rows[0]!.n), distinct.size);
      assert.equal(runtime.metrics.duplicates.value(), events.length - distinct.size);
      const steps = await runtime.db.read("SELECT count(*) AS n FROM steps");
      assert.equal(Number(steps.rows[0]!.n), Object.values(expected).reduce((n, e) => n + e.steps, 0));

      const dlq = await readAll(deadLetterTopic(topic), poison.length);
      assert.deepEqual(dlq.map((m) => m.headers["atlas-error-code"]).sort(), ["E7001", "E7002", "E7003", "E7004"]);
      assert.ok(dlq.every((m) => poison.some((p) => p.value === m.value)), "the DLQ keeps the raw messages");
    } finally {
      await runtime.stop();
    }
  },
});
