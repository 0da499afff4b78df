/**
 * In Kafka mode `POST /v1/events` produces to the traces topic, keyed by trajectory,
 * and the events come back through the consumer like any producer's: HTTP and Kafka
 * take one path.
 *
 * @module
 */
import assert from "node:assert/strict";
import { httpRuntime } from "./support/http_runtime.ts";
import { brokers, readAll, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { postEvents, run } from "./support/events.ts";
import { waitFor } from "./support/wait.ts";

Deno.test({
  name: "[kafka] POST /v1/events produces to the topic, keyed by trajectory, and the pipeline applies it from there",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("http-kafka");
    const { app, runtime, close } = await httpRuntime({
      env: { KAFKA_BROKERS: brokers().join(","), ATLAS_TRACES_TOPIC: topic, ATLAS_CONSUMER_GROUP: `${topic}-group` },
    });
    try {
      const events = [...run("t-kafka-1"), ...run("t-kafka-2")];
      const response = await postEvents(app, events);
      assert.equal(response.status, 202);
      assert.deepEqual(await response.json(), { accepted: events.length, duplicates: 0, rejected: [] });

      const onTopic = await readAll(topic, events.length);
      assert.equal(onTopic.length, events.length);
      assert.deepEqual(
        onTopic.map((m) => m.key).sort(),
        events.map((e) => (e.data as { trajectoryId: string }).trajectoryId).sort(),
      );
      assert.deepEqual(new Set(onTopic.map((m) => JSON.parse(m.value).id)), new Set(events.map((e) => e.id)));

      for (const id of ["t-kafka-1", "t-kafka-2"]) {
        const row = await waitFor(async () => {
          const found = await runtime.trajectories.get(id);
          return found?.state === "completed" && found;
        }, { message: `${id} completed through Kafka` });
        assert.equal(row.stepCount, 4);
      }

      // Once applied, a repeat is reported as a duplicate and not produced again.
      const again = await postEvents(app, events.slice(0, 2));
      assert.deepEqual(await again.json(), { accepted: 0, duplicates: 2, rejected: [] });
    } finally {
      await close();
    }
  },
});
