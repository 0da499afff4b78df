/**
 * The broker away and back: the service starts without it (reads served, not ready,
 * saying why), becomes ready when it arrives, and a broker restart mid-stream loses
 * nothing and doubles nothing.
 *
 * @module
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { createKafka } from "../streams/kafka_client.ts";
import { KafkaProducer } from "../streams/kafka_producer.ts";
import { datasetLines, expectedOf } from "./support/datasets.ts";
import { uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { completedCount, mismatches } from "./support/outcomes.ts";
import { OwnBroker } from "./support/own_broker.ts";
import { waitFor } from "./support/wait.ts";

Deno.test({
  name: "[kafka] without its broker the service starts and serves reads; a broker restart mid-stream loses nothing",
  ignore: withoutKafka,
  async fn() {
    const broker = await OwnBroker.create(19092);
    const dir = await Deno.makeTempDir();
    const topic = uniqueTopic("outage");
    const runtime = await createRuntime(
      loadConfig({
        ATLAS_DB_URL: `file:${dir}/atlas.db`,
        KAFKA_BROKERS: broker.address,
        ATLAS_TRACES_TOPIC: topic,
        ATLAS_CONSUMER_GROUP: `${topic}-group`,
        ATLAS_CLOSE_GRACE_MS: "300",
        ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
      }),
      { log: silentLogger },
    );
    const app = createApp(runtime);
    const producer = new KafkaProducer(createKafka({ brokers: [broker.address] }, silentLogger));
    try {
      await runtime.start();
      assert.equal((await app.request("/v1/stats")).status, 200, "reads are served without the broker");
      const notReady = await app.request("/readyz");
      assert.equal(notReady.status, 503);
      const body = await notReady.json();
      assert.equal(body.error.code, "E7401");
      assert.match(body.error.message, new RegExp(`${topic} is down`));
      const lines = await datasetLines("fever");
      const post = (line: string) =>
        app.request("/v1/events", {
          method: "POST",
          headers: { "content-type": "application/cloudevents+json" },
          body: line,
        });
      const refused = await post(lines[0]!);
      assert.equal(refused.status, 503, "an event posted without the broker is refused, to be sent again");
      assert.equal((await refused.json()).error.code, "E7404");

      await broker.start();
      await waitFor(async () => (await app.request("/readyz")).status === 200, {
        timeoutMs: 60_000,
        intervalMs: 250,
        message: "ready once the broker is there",
      });
      assert.equal((await post(lines[0]!)).status, 202, "posting works once the broker is there");
      const keyed = lines.map((value) => ({ key: String(JSON.parse(value).data.trajectoryId), value }));
      const half = Math.floor(keyed.length / 2);
      await producer.send(topic, keyed.slice(0, half));
      await waitFor(async () => (await completedCount(runtime.trajectories)) > 100, {
        timeoutMs: 60_000,
        message: "the first half flowing",
      });

      await broker.stop();
      await broker.start();
      await producer.send(topic, keyed.slice(half));
      const expected = await expectedOf("fever");
      const total = Object.keys(expected).length;
      await waitFor(async () => (await completedCount(runtime.trajectories)) >= total, {
        timeoutMs: 120_000,
        intervalMs: 250,
        message: `${total} trajectories completed after the restart`,
      });
      assert.deepEqual(await mismatches(runtime.trajectories, expected), [], "each step once, every outcome");
      const steps = await runtime.db.read("SELECT count(*) AS n FROM steps");
      assert.equal(Number(steps.rows[0]!.n), Object.values(expected).reduce((n, e) => n + e.steps, 0));
      assert.equal((await runtime.trajectories.counts()).lateEvents, 0);
      assert.equal((await app.request("/readyz")).status, 200);
    } finally {
      await producer.disconnect().catch(() => {});
      await runtime.stop();
      await broker.remove();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
