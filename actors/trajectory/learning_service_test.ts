import assert from "node:assert/strict";
import { ManualClock } from "../../clock.ts";
import { simpleCredit } from "../../learning/credit/simple.ts";
import { hashingEmbedding } from "../../learning/embedding.ts";
import { HindsightLearner } from "../../learning/hindsight.ts";
import { seededRandom } from "../../learning/seeded_random.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import { type Database, openDatabase } from "../../store/database.ts";
import { ErrorPatterns } from "../../store/error_patterns.ts";
import { Learned } from "../../store/learned.ts";
import { Strategies } from "../../store/strategies.ts";
import { endedRuns } from "../../tests/support/datasets.ts";
import { learningService, type LearnOutcome } from "./learning_service.ts";

/** What learning left in the store: the library, which trajectory each strategy counts, errors, results. */
async function memoryOf(db: Database) {
  const rows = async (sql: string) => (await db.read(sql)).rows.map((row) => ({ ...row }));
  return {
    strategies: await rows(
      `SELECT id, family, title, description, plan, pitfalls, tasks, signature, source_trajectories, support,
         author, judgement, iif(embedding IS NULL, NULL, vector_extract(embedding)) AS embedding FROM strategies ORDER BY id`,
    ),
    sources: await rows("SELECT strategy_id, trajectory_id FROM strategy_sources ORDER BY 1, 2"),
    errors: await rows("SELECT * FROM error_occurrences ORDER BY trajectory_id, idx"),
    learned: await rows("SELECT trajectory_id, family, outcome, result FROM learned_trajectories ORDER BY 1"),
  };
}

/** Learns `trajectories` in order, in batches of the sizes `nextSize` gives, into a fresh store. */
async function learnAll(trajectories: readonly Trajectory[], nextSize: () => number) {
  const dir = await Deno.makeTempDir({ prefix: "atlas-batched-" });
  const db = await openDatabase(`file:${dir}/atlas.db`);
  try {
    const byId = new Map(trajectories.map((t) => [t.id, t]));
    const learn = learningService({
      db,
      learned: new Learned(db),
      strategies: new Strategies(db, hashingEmbedding()),
      errorPatterns: new ErrorPatterns(db),
      load: (ids) => Promise.resolve(new Map(ids.map((id) => [id, byId.get(id)!]))),
      credit: () => simpleCredit,
      hindsight: () => new HindsightLearner(),
      modelConcurrency: 4,
      clock: new ManualClock(1_700_000_000_000),
    });
    const outcomes = new Map<string, LearnOutcome>();
    let batches = 0;
    for (let start = 0; start < trajectories.length; batches++) {
      const ids = trajectories.slice(start, start += nextSize()).map((t) => t.id);
      for (const [id, outcome] of await learn(ids)) outcomes.set(id, outcome);
    }
    return { outcomes, memory: await memoryOf(db), batches };
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("learning the real runs in batches gives the credit, analysis and memory of learning them one at a time", async () => {
  const runs = await endedRuns();
  assert.ok(runs.length > 1_500, `${runs.length} runs`);
  const random = seededRandom(20261203);
  // Interleaved across datasets, so one batch holds several agents' runs and repeats of one plan.
  const order = runs.map((run) => ({ run, key: random() })).sort((a, b) => a.key - b.key).map((r) => r.run);

  const one = await learnAll(order, () => 1);
  const batched = await learnAll(order, () => 1 + Math.floor(random() * 400));

  assert.ok(batched.batches < one.batches / 50, `${batched.batches} batches`);
  assert.equal(batched.outcomes.size, order.length);
  assert.ok([...batched.outcomes.values()].every((o) => o.ok));
  assert.deepEqual(batched.outcomes, one.outcomes);
  assert.ok(one.memory.strategies.length > 50, `${one.memory.strategies.length} strategies`);
  assert.ok(one.memory.strategies.some((s) => Number(s.support) > 1), "some strategy was reinforced");
  assert.deepEqual(batched.memory, one.memory);
});

Deno.test("learning a batch again changes nothing and gives back the stored results", async () => {
  const runs = (await endedRuns()).slice(0, 300);
  const dir = await Deno.makeTempDir({ prefix: "atlas-batched-" });
  const db = await openDatabase(`file:${dir}/atlas.db`);
  try {
    const byId = new Map(runs.map((t) => [t.id, t]));
    const learn = learningService({
      db,
      learned: new Learned(db),
      strategies: new Strategies(db),
      errorPatterns: new ErrorPatterns(db),
      load: (ids) => Promise.resolve(new Map(ids.flatMap((id) => byId.has(id) ? [[id, byId.get(id)!]] : []))),
      credit: () => simpleCredit,
      hindsight: () => new HindsightLearner(),
      modelConcurrency: 4,
      clock: new ManualClock(1),
    });
    const ids = runs.map((t) => t.id);
    const first = await learn(ids);
    const memory = await memoryOf(db);
    const again = await learn([...ids].reverse());
    assert.deepEqual(new Map([...again].sort()), new Map([...first].sort()));
    assert.deepEqual(await memoryOf(db), memory);
    const missing = await learn(["no-such-trajectory"]);
    assert.equal(missing.get("no-such-trajectory")?.ok, false);
    assert.equal((missing.get("no-such-trajectory") as { error: { code: string } }).error.code, "E7010");
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
