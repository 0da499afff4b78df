/**
 * End to end on a real broker: upstream events made from the real runs, shuffled,
 * some sent twice, some parts never sent, with real trajectories and their
 * evaluations on the same topic, become examples; a dataset version of them is
 * exported to a file that validates line by line.
 *
 * @module
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { seededRandom } from "../learning/seeded_random.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import type { DatasetVersion } from "../training/dataset_version.ts";
import { exporters } from "../training/exports/formats.ts";
import { datasetLines } from "./support/datasets.ts";
import { brokers, produce, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

Deno.test({
  name: "[kafka] upstream events and evaluated trajectories on a topic end as an exported dataset file",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("training");
    const random = seededRandom(7);
    const upstream = await upstreamEventsFromRuns({ limit: 30 });
    const executions = [...new Set(upstream.map((e) => String(e.data.executionId)))];
    const noPlan = new Set(executions.slice(0, 5));
    const noEvaluation = new Set(executions.slice(5, 8));
    const sent = upstream.filter((e) =>
      !(e.type === "planning.completed" && noPlan.has(String(e.data.executionId))) &&
      !(e.type === "evaluation.completed" && noEvaluation.has(String(e.data.executionId)))
    );
    const twice = sent.filter(() => random() < 0.1);
    const messages = [...sent, ...twice]
      .map((event) => ({ event, order: random() }))
      .sort((a, b) => a.order - b.order)
      .map(({ event }) => ({ key: String(event.data.executionId), value: JSON.stringify(event) }));

    // Ten real FEVER trajectories, each with an evaluation from a judge.
    const lines = (await datasetLines("fever")).map((l) => JSON.parse(l));
    const ids = [...new Set(lines.map((e) => e.data.trajectoryId as string))].slice(0, 10);
    const trajectoryEvents = lines.filter((e) => ids.includes(e.data.trajectoryId));
    const evaluations = ids.map((trajectoryId, i) => ({
      specversion: "1.0",
      id: `judge-${trajectoryId}`,
      source: "judge://test",
      type: "atlas.evaluation.completed",
      data: { trajectoryId, qualityScore: 60 + i * 4, confidence: 0.9 },
    }));
    await produce(topic, 3, [
      ...messages,
      ...[...trajectoryEvents, ...evaluations].map((e) => ({ key: e.data.trajectoryId, value: JSON.stringify(e) })),
    ]);

    const dir = await Deno.makeTempDir();
    const runtime = await createRuntime(
      loadConfig({
        ATLAS_DB_URL: `file:${dir}/atlas.db`,
        KAFKA_BROKERS: brokers().join(","),
        ATLAS_TRACES_TOPIC: topic,
        ATLAS_CONSUMER_GROUP: `${topic}-group`,
        ATLAS_CLOSE_GRACE_MS: "200",
        ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
        ATLAS_JOIN_WAIT_MS: "3000",
        ATLAS_EXTRACTION_INTERVAL_MS: "100",
      }),
      { log: silentLogger },
    );
    const app = createApp(runtime);
    await runtime.start();
    try {
      const { joins, examples } = runtime.trainingData;
      const counts = await waitFor(async () => {
        const c = await joins.counts();
        return c.emitted === 57 + 10 && c.dead === 3 && c.pending === 0 && c;
      }, { timeoutMs: 60_000, message: "67 examples and 3 dead joins" });
      assert.equal(counts.skipped, 0);
      const letters = await runtime.deadLetters.list(50);
      assert.deepEqual(
        letters.filter((l) => l.origin === "extraction").map((l) => l.key).sort(),
        [...noEvaluation].map((id) => `exec:${id}`).sort(),
      );
      for (const id of noPlan) {
        assert.deepEqual((await examples.get(`exec:${id}`))?.lineage.missing, ["planning.completed"]);
      }
      const trajectory = await examples.get(`traj:${ids[3]}`);
      assert.equal(trajectory?.qualityScore, 72);
      assert.equal(trajectory?.domain, "question-answering");

      const response = await app.request("/v1/datasets", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "kafka-e2e", filter: { minQuality: 60 } }),
      });
      assert.equal(response.status, 201);
      const version = (await response.json()).version as DatasetVersion;
      assert.ok(version.lineage.sources.trajectories > 0 && version.lineage.sources.upstream > 0);

      const file = `${dir}/kafka-e2e.jsonl`;
      const exported = await app.request("/v1/datasets/kafka-e2e/versions/1.0.0/export?format=anthropic");
      await Deno.writeFile(file, exported.body!);
      const written = (await Deno.readTextFile(file)).split("\n").filter(Boolean);
      assert.equal(written.length, version.counts.total);
      for (const line of written) exporters.anthropic.line.parse(JSON.parse(line));
    } finally {
      await runtime.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
