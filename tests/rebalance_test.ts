/**
 * Scale-out: two service processes in one consumer group over one database. The
 * partitions are split when the second joins and handed back when the first leaves;
 * each time the new owner seeks to the stored offsets and takes the actors over
 * through their snapshots. Every trajectory still ends exactly as it must.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openDatabase } from "../store/database.ts";
import { Trajectories } from "../store/trajectories.ts";
import { datasetLines, expectedOf } from "./support/datasets.ts";
import { brokers, produce, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { completedCount, mismatches } from "./support/outcomes.ts";
import { type Service, serviceDataDir, startService } from "./support/service.ts";
import { waitFor } from "./support/wait.ts";

/** How many records a service process has read, from its /metrics. */
async function recordsRead(service: Service): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return Number(/^atlas_records_read_total (\d+)$/m.exec(text)?.[1] ?? 0);
}

Deno.test({
  name: "[kafka] two processes share the partitions, then one leaves: every trajectory ends as expected, once",
  ignore: withoutKafka,
  async fn() {
    const lines = await datasetLines("webshop");
    const expected = await expectedOf("webshop");
    const total = Object.keys(expected).length;
    const messages = lines.map((line) => ({ key: JSON.parse(line).data.trajectoryId, value: line }));
    const topic = uniqueTopic("rebalance");
    const dir = await serviceDataDir("rebalance-test-");
    const env = {
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: brokers().join(","),
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-group`,
      ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
      ATLAS_CLOSE_GRACE_MS: "500",
      ATLAS_BATCH_MAX_EVENTS: "200",
    };
    const third = Math.ceil(messages.length / 3);
    await produce(topic, 4, messages.slice(0, third));
    const db = await openDatabase(env.ATLAS_DB_URL);
    const trajectories = new Trajectories(db);
    const first = await startService(env);
    let second: Service | undefined;
    try {
      await waitFor(async () => (await completedCount(trajectories)) > 0, { message: "the first process applies" });
      second = await startService(env);
      await waitFor(async () => (await fetch(`${second!.url}/readyz`).then((r) => r.body?.cancel().then(() => r.ok))), {
        message: "the second process joined the group and got partitions",
      });
      // The group now has two members: both must own partitions and apply what arrives.
      // Counted before producing: the first may read its whole share before produce() returns.
      const before = await recordsRead(first);
      await produce(topic, 4, messages.slice(third, 2 * third));
      await waitFor(async () => (await recordsRead(second!)) > 0 && (await recordsRead(first)) > before, {
        timeoutMs: 60_000,
        message: "both processes reading their share of the new events",
      });
      assert.equal(await first.stop(), 0, "the first process leaves the group gracefully");
      await produce(topic, 4, messages.slice(2 * third));
      await waitFor(async () => (await completedCount(trajectories)) >= total, {
        timeoutMs: 90_000,
        message: `all ${total} trajectories completed by the remaining process`,
      });
      assert.equal(await second.stop(), 0);
      second = undefined;

      assert.deepEqual(await mismatches(trajectories, expected), []);
      assert.equal((await trajectories.counts()).lateEvents, 0);
      const distinct = new Set(lines.map((l) => JSON.parse(l)).map((e) => `${e.source} ${e.id}`));
      const seen = await db.read("SELECT count(*) AS n FROM seen_events");
      assert.equal(Number(seen.rows[0]!.n), distinct.size, "every distinct event applied exactly once");
    } finally {
      await first.stop();
      await second?.stop();
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
