/**
 * The whole learning flow from Kafka: real FEVER and Voyager runs produced to a
 * topic become strategies retrievable for new tasks, an automatic batch (on the
 * count trigger) fills the concept library and the error patterns and fits the
 * outcome model, the counterfactual credit then runs on it, and the batch actor's
 * state survives a restart.
 *
 * @module
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { datasetLines } from "./support/datasets.ts";
import { completed, postEvents, started, step } from "./support/events.ts";
import { brokers, produce, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { waitFor } from "./support/wait.ts";

const trajectoryOf = (line: string) => (JSON.parse(line) as { data: { trajectoryId: string } }).data.trajectoryId;

/** The lines of the first `count` trajectories of a dataset (in the order they start), and the rest's ids. */
function split(lines: string[], count: number) {
  const ids = [...new Set(lines.map(trajectoryOf))];
  const kept = new Set(ids.slice(0, count));
  return { lines: lines.filter((l) => kept.has(trajectoryOf(l))), unseen: ids.slice(count) };
}

Deno.test({
  name:
    "[kafka] real runs from a topic become retrievable strategies, concepts and error patterns; the batch survives a restart",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("learning");
    const [feverLines, voyagerLines] = await Promise.all([datasetLines("fever"), datasetLines("voyager")]);
    const fever = split(feverLines, 120);
    const messages = [...fever.lines, ...voyagerLines].map((value) => ({ key: trajectoryOf(value), value }));
    await produce(topic, 3, messages);
    const total = 120 + new Set(voyagerLines.map(trajectoryOf)).size;

    const dir = await Deno.makeTempDir();
    const env = {
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: brokers().join(","),
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-group`,
      ATLAS_CLOSE_GRACE_MS: "200",
      ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
      ATLAS_MIN_TRAJECTORIES: "150",
    };
    let runtime = await createRuntime(loadConfig(env), { log: silentLogger });
    let app = createApp(runtime);
    await runtime.start();
    try {
      await waitFor(async () => (await runtime.learning.learned.since(null)).trajectories === total, {
        timeoutMs: 60_000,
        message: `${total} trajectories learned`,
      });
      // 150 learned trajectories fire the count trigger: one automatic batch.
      const status = await waitFor(async () => {
        const s = await runtime.learning.batch.idle();
        return s.lastRun?.finishedAt !== undefined && s;
      }, { timeoutMs: 60_000, message: "the automatic batch" });
      assert.equal(status.lastRun?.trigger, "auto");
      assert.equal(status.lastRun?.error, undefined);

      // Claims never seen retrieve a strategy of their own family in the top 3 (the eval's measure).
      const claims = fever.unseen.slice(0, 40).map((id) =>
        JSON.parse(feverLines.find((l) => trajectoryOf(l) === id && l.includes("trajectory.started"))!).data.task
          .description as string
      );
      let hits = 0;
      for (const claim of claims) {
        const found = await (await app.request(`/v1/strategies?k=3&q=${encodeURIComponent(claim)}`)).json();
        if (found.items.some((s: { family: string }) => s.family === "fact-verification")) hits++;
      }
      assert.ok(hits >= 0.8 * claims.length, `${hits} of ${claims.length} claims found a fact-verification strategy`);
      const skill = "async function craftDiamondPickaxe(bot) { // crafts a pickaxe at a crafting table from sticks }";
      const forSkill = await (await app.request(`/v1/strategies?k=3&q=${encodeURIComponent(skill)}`)).json();
      assert.equal(forSkill.items[0]?.family, "minecraft-skill", JSON.stringify(forSkill.items));

      // The batch found Voyager's recurring code and FEVER's recurring errors.
      const concepts = await (await app.request("/v1/concepts?k=50")).json();
      assert.ok(concepts.items.length >= 3, `${concepts.items.length} concepts`);
      assert.ok(concepts.items.every((c: { trajectories: string[] }) => c.trajectories.length >= 2));
      const patterns = await (await app.request("/v1/error-patterns")).json();
      const notFound = patterns.items.find((p: { examples: { text: string }[] }) =>
        p.examples[0]?.text.startsWith("Could not find")
      );
      assert.ok(notFound, JSON.stringify(patterns.items.map((p: { name: string }) => p.name)));
      for (const example of notFound.examples) assert.match(example.text, new RegExp(notFound.signature));

      // The batch fitted the outcome model: counterfactual credit now runs on it.
      const learning = await (await app.request("/v1/learning")).json();
      assert.ok(learning.outcomeModel.trainedOn >= 100, JSON.stringify(learning.outcomeModel));
      const put = await app.request("/v1/learning/config", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ creditStrategy: "counterfactual" }),
      });
      assert.equal(put.status, 200);
      const id = "cf-1";
      await postEvents(app, [
        started(id, "Marnie is a film."),
        step(id, 0, "action", "Search[Marnie]"),
        step(id, 1, "observation", "Marnie is a 1964 American psychological thriller film."),
        step(id, 2, "action", "Finish[SUPPORTS]"),
        step(id, 3, "observation", "Episode finished, reward = 1"),
        completed(id),
      ]);
      const credited = await waitFor(async () => {
        const json = await (await app.request(`/v1/trajectories/${id}`)).json();
        return json.state === "completed" && json;
      }, { timeoutMs: 30_000, message: "cf-1 completed" });
      assert.equal(credited.analysis.strategy, "counterfactual");
      const sum = credited.credit.reduce((n: number, c: { score: number }) => n + c.score, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `credit sums to ${sum}`);

      // After a restart the batch actor still knows its last run, and the config change holds.
      const before = runtime.learning.batch.status();
      await runtime.stop();
      runtime = await createRuntime(loadConfig(env), { log: silentLogger });
      app = createApp(runtime);
      await runtime.start();
      const after = await (await app.request("/v1/learning")).json();
      assert.equal(after.batch.lastRun.id, before.lastRun?.id);
      assert.equal(after.batch.runs, before.runs);
      assert.equal(after.config.creditStrategy, "counterfactual");
    } finally {
      await runtime.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
