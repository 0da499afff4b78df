/**
 * The learning backlog with the model: the real service as a subprocess learning
 * through the real Anthropic SDK against the local fake Messages API, which answers
 * slowly, so that closed trajectories wait. The backlog waits in the store (the
 * worker holds a few), shows in `/v1/stats` and `/metrics`, survives a kill -9, and
 * every trajectory is learned once: no strategy counts one twice, and no model call
 * is paid again for a trajectory learned before the crash.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openDatabase } from "../store/database.ts";
import { completed, started, step } from "./support/events.ts";
import { type FakeRequest, startFakeAnthropic } from "./support/fake_anthropic.ts";
import { learningModel } from "./support/learning_model.ts";
import { serviceDataDir, startService } from "./support/service.ts";
import { waitFor } from "./support/wait.ts";

const total = 40;
/** Each trajectory names itself in its task, so each model call can be traced to one. */
const claim = (i: number) => `Claim ${i}: Marnie is a film.`;
const trajectoryOf = (request: FakeRequest) => /Claim (\d+):/.exec(request.prompt)?.[1];

const run = (i: number) => {
  const id = `backlog-${i}`;
  return [
    started(id, claim(i)),
    step(id, 0, "thought", "I should search Marnie."),
    step(id, 1, "action", "Search[Marnie]"),
    step(id, 2, "observation", "Marnie is a 1964 American psychological thriller film."),
    step(id, 3, "action", "Finish[SUPPORTS]"),
    completed(id),
  ];
};

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);

Deno.test("with the model, the learning backlog waits in the store, is visible, survives kill -9, and learns each trajectory once", async () => {
  await using fake = await startFakeAnthropic(learningModel(150));
  const dir = await serviceDataDir("backlog-test-");
  const env = {
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: fake.url,
    ATLAS_CREDIT_STRATEGY: "llm",
    ATLAS_PATTERN_EXTRACTOR: "text",
    ATLAS_LLM_CONCURRENCY: "2",
    ATLAS_ANALYSIS_CONCURRENCY: "2",
    ATLAS_CLOSE_GRACE_MS: "0",
    ATLAS_LEARNING_QUEUE: "4",
    ATLAS_LEARNING_BATCH: "4",
  };
  const db = await openDatabase(env.ATLAS_DB_URL);
  const learned = async () =>
    (await db.read("SELECT trajectory_id FROM learned_trajectories")).rows.map((r) => String(r.trajectory_id));
  let service = await startService(env);
  try {
    const response = await fetch(`${service.url}/v1/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Array.from({ length: total }, (_, i) => run(i)).flat()),
    });
    assert.equal(response.status, 202, await response.text());

    // The model is slow: the trajectories wait, in the store, and the worker holds only a few.
    await waitFor(async () => (await learned()).length >= 4, { timeoutMs: 60_000, message: "the first learned" });
    const stats = await (await fetch(`${service.url}/v1/stats`)).json();
    const backlog = stats.learning.backlog;
    assert.ok(backlog.waiting > 10, `${backlog.waiting} waiting`);
    assert.ok(backlog.inMemory <= 4 + 8, `${backlog.inMemory} in memory`);
    assert.ok(backlog.oldestAgeMs >= 0);
    // Nor do their actors stay in memory: a trajectory waiting to be learned leaves it after a sweep or two.
    await waitFor(async () => (await (await fetch(`${service.url}/v1/stats`)).json()).pipeline.actorsInMemory === 0, {
      timeoutMs: 10_000,
      message: "the waiting trajectories' actors leaving memory",
    });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.ok(metric(metrics, "atlas_learning_backlog") > 10);
    assert.ok(metric(metrics, "atlas_learning_backlog_oldest_seconds") >= 0);

    await service.kill9();
    const before = new Set(await learned());
    const callsBefore = fake.requests.length;
    assert.ok(before.size < total, "the crash came mid-backlog");

    service = await startService(env);
    await waitFor(async () => (await learned()).length === total, {
      timeoutMs: 120_000,
      message: `all ${total} learned after the restart`,
    });
    await waitFor(async () => {
      const s = await (await fetch(`${service.url}/v1/stats`)).json();
      const done = s.trajectories.byState.completed === total && s.learning.backlog.waiting === 0;
      if (!done) throw new Error(JSON.stringify({ states: s.trajectories.byState, backlog: s.learning.backlog }));
      return done;
    }, { timeoutMs: 60_000, message: "every trajectory completed, the backlog empty" });

    // No model call after the restart for a trajectory learned before it.
    const after = fake.requests.slice(callsBefore).map(trajectoryOf);
    const repaid = after.filter((i) => i !== undefined && before.has(`backlog-${i}`));
    assert.deepEqual(repaid, []);
    // Each trajectory counted once, by one strategy.
    const support = await db.read("SELECT coalesce(sum(support), 0) AS n FROM strategies");
    const sources = await db.read("SELECT count(*) AS n, count(DISTINCT trajectory_id) AS d FROM strategy_sources");
    assert.equal(Number(support.rows[0]!.n), Number(sources.rows[0]!.n));
    assert.equal(Number(sources.rows[0]!.d), Number(sources.rows[0]!.n));
    assert.equal(Number(sources.rows[0]!.n), total, "every success counted by a strategy");
    assert.equal(await service.stop(), 0);
  } finally {
    await service.stop();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
