/**
 * Kafka as producers in the wild write it: the real runs produced by two independent
 * clients (kcat, Kafka's own Java producer) in every codec, read by the service; and
 * what the service produces in every codec, read by both.
 *
 * @module
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import type { CompressionName } from "../streams/codecs/kafka_codecs.ts";
import { createKafka, ensureTopics } from "../streams/kafka_client.ts";
import { KafkaProducer } from "../streams/kafka_producer.ts";
import { datasetLines, type Expected, expectedOf } from "./support/datasets.ts";
import { brokers, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import {
  javaConsume,
  javaProduce,
  kcatConsume,
  kcatProduce,
  type KeyedMessage,
  topicBytes,
} from "./support/kafka_clients.ts";
import { completedCount, mismatches } from "./support/outcomes.ts";
import { waitFor } from "./support/wait.ts";

const codecs: CompressionName[] = ["gzip", "snappy", "lz4", "zstd"];
const producers = { kcat: kcatProduce, java: javaProduce };

/** The lines of each trajectory, in order, as keyed messages. */
function byTrajectory(lines: readonly string[]): KeyedMessage[][] {
  const runs = new Map<string, KeyedMessage[]>();
  for (const value of lines) {
    const key = String(JSON.parse(value).data.trajectoryId);
    runs.set(key, [...(runs.get(key) ?? []), { key, value }]);
  }
  return [...runs.values()];
}

Deno.test({
  name: "[kafka] the real runs produced by kcat and by Kafka's Java producer in every codec all end as expected",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("codecs");
    const kafka = createKafka({ brokers: brokers(), clientId: "atlas-test" }, silentLogger);
    await ensureTopics(kafka, [topic], 3);
    const names = ["fever", "webshop", "voyager"] as const;
    const runs = (await Promise.all(names.map(datasetLines))).flatMap(byTrajectory);
    const slots = codecs.flatMap((codec) => Object.entries(producers).map(([name, send]) => ({ codec, name, send })));
    // Each trajectory goes whole through one producer and codec; every pair gets its share.
    await Promise.all(
      slots.map(({ codec, send }, slot) => send(topic, runs.filter((_, i) => i % slots.length === slot).flat(), codec)),
    );

    const all: Record<string, Expected> = Object.assign({}, ...await Promise.all(names.map(expectedOf)));
    const dir = await Deno.makeTempDir();
    const runtime = await createRuntime(
      loadConfig({
        ATLAS_DB_URL: `file:${dir}/atlas.db`,
        KAFKA_BROKERS: brokers().join(","),
        ATLAS_TRACES_TOPIC: topic,
        ATLAS_CONSUMER_GROUP: `${topic}-group`,
        ATLAS_CLOSE_GRACE_MS: "300",
      }),
      { log: silentLogger },
    );
    await runtime.start();
    try {
      const total = Object.keys(all).length;
      await waitFor(async () => (await completedCount(runtime.trajectories)) >= total, {
        timeoutMs: 90_000,
        message: `${total} trajectories completed`,
      });
      assert.deepEqual(await mismatches(runtime.trajectories, all), []);
      assert.deepEqual(await runtime.deadLetters.counts(), {}, "no batch was refused");
      assert.ok(runtime.pipeline.ready);
    } finally {
      await runtime.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "[kafka] what the service produces in every codec is read by kcat and by Kafka's Java consumer, compressed",
  ignore: withoutKafka,
  async fn() {
    const kafka = createKafka({ brokers: brokers(), clientId: "atlas-test" }, silentLogger);
    // Over 64 KiB per batch: several LZ4 blocks, several snappy chunks.
    const lines = (await datasetLines("webshop")).slice(0, 600);
    const messages = lines.map((value) => ({ key: String(JSON.parse(value).data.trajectoryId), value }));
    const sizes = new Map<string, number>();
    for (const codec of ["none", ...codecs] as CompressionName[]) {
      const topic = uniqueTopic(`produced-${codec}`);
      await ensureTopics(kafka, [topic], 1);
      const producer = new KafkaProducer(kafka, { compression: codec });
      await producer.send(topic, messages);
      await producer.disconnect();
      assert.deepEqual(await kcatConsume(topic, lines.length), lines, `kcat reads ${codec}`);
      assert.deepEqual(await javaConsume(topic, lines.length), lines, `Kafka's Java consumer reads ${codec}`);
      sizes.set(codec, await topicBytes(topic));
    }
    for (const codec of codecs) {
      assert.ok(sizes.get(codec)! < sizes.get("none")! / 3, `${codec} is compressed on the broker: ${[...sizes]}`);
    }
  },
});
