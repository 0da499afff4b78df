/**
 * `deno task bench:learning`: learning alone, without ingest, in one run.
 *
 *   1. Without a model: every real run of `../shared/data/events` (2,031, ids unique
 *      across datasets, interleaved) learned through `learningService` in batches of
 *      `ATLAS_LEARNING_BATCH`'s default into a fresh library already holding 1,000,
 *      10,000 and 100,000 distinct strategies: trajectories/s and the cost per
 *      trajectory, which must not grow with the library. The same runs one at a time
 *      (batches of 1) at 10,000 are the baseline for batching.
 *   2. With a model: the same learner (`llm` credit, the model's verdicts and
 *      strategies) through the real Anthropic SDK against the local fake Messages API
 *      answering after 500 ms, driven by the analysis worker as the runtime sets it
 *      up, at 4 and 16 calls in flight: calls/s against concurrency / latency, and
 *      what a backlog of 10,000 then takes, beside the Message Batches API.
 *
 * @module
 */
import { AnalysisWorker } from "../actors/trajectory/analysis_worker.ts";
import { learningService } from "../actors/trajectory/learning_service.ts";
import { systemClock } from "../clock.ts";
import { llmCredit } from "../learning/credit/llm.ts";
import { simpleCredit } from "../learning/credit/simple.ts";
import { hashingEmbedding, memoized } from "../learning/embedding.ts";
import { HindsightLearner } from "../learning/hindsight.ts";
import { planOf } from "../learning/plan/mod.ts";
import { seededRandom } from "../learning/seeded_random.ts";
import { stableId } from "../learning/stable_id.ts";
import { extractStrategy } from "../learning/strategy.ts";
import type { Trajectory } from "../learning/trajectory.ts";
import { AnthropicLlm } from "../llm/anthropic.ts";
import { UsageLedger } from "../llm/usage.ts";
import { silentLogger } from "../log.ts";
import { type Database, openDatabase } from "../store/database.ts";
import { ErrorPatterns } from "../store/error_patterns.ts";
import { Learned } from "../store/learned.ts";
import { Strategies } from "../store/strategies.ts";
import { endedRuns } from "../tests/support/datasets.ts";
import { startFakeAnthropic } from "../tests/support/fake_anthropic.ts";
import { curatorModel } from "./curator_model.ts";

const librarySizes = [1_000, 10_000, 100_000];
/** ATLAS_LEARNING_BATCH's default. */
const batchSize = 1_000;
/** Strategies seeded per transaction: setup, not measured. */
const seedChunk = 5_000;
const latencyMs = 500;
const modelRuns = 200;
const backlog = 10_000;

/** Every real run that ended, datasets interleaved as a fleet sends them. */
async function realRuns(): Promise<Trajectory[]> {
  const runs = await endedRuns();
  const random = seededRandom(20261203);
  return runs.map((run) => ({ run, key: random() })).sort((a, b) => a.key - b.key).map((r) => r.run);
}

/**
 * `size` distinct strategies: the real successes' own, each under a plan signature
 * (so an id) of its own and a task of its own. None is a plan the learned runs have,
 * so every library size gets the same work and differs only in what it holds.
 */
async function seedLibrary(db: Database, strategies: Strategies, runs: readonly Trajectory[], size: number) {
  const models = runs.filter((t) => t.outcome === "success").map((t) => extractStrategy(t, planOf(t)));
  for (let start = 0; start < size; start += seedChunk) {
    const steps = [];
    for (let i = start; i < Math.min(size, start + seedChunk); i++) {
      const model = models[i % models.length]!;
      const signature = `${model.signature}#seed-${i}`;
      const seed = {
        ...model,
        id: stableId("s", signature),
        signature,
        tasks: [`${model.tasks[0]} (variant ${i})`],
        sourceTrajectories: [`seed-${i}`],
      };
      steps.push(...strategies.create(seed, "rules", {}, 0));
    }
    await db.write(steps);
  }
}

async function withStore<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "atlas-learning-bench-" });
  const db = await openDatabase(`file:${dir}/atlas.db`);
  try {
    return await run(db);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Milliseconds per trajectory learning `runs` without a model, `size` at a time, into a library of `librarySize`. */
function heuristic(runs: readonly Trajectory[], librarySize: number, size: number): Promise<number> {
  return withStore(async (db) => {
    const strategies = new Strategies(db, memoized(hashingEmbedding(), 10_000));
    await seedLibrary(db, strategies, runs, librarySize);
    const byId = new Map(runs.map((t) => [t.id, t]));
    const learn = learningService({
      db,
      learned: new Learned(db),
      strategies,
      errorPatterns: new ErrorPatterns(db),
      load: (ids) => Promise.resolve(new Map(ids.map((id) => [id, byId.get(id)!]))),
      credit: () => simpleCredit,
      hindsight: () => new HindsightLearner(),
      modelConcurrency: 1,
      clock: systemClock,
    });
    const started = performance.now();
    for (let i = 0; i < runs.length; i += size) {
      const outcomes = await learn(runs.slice(i, i + size).map((t) => t.id));
      if ([...outcomes.values()].some((o) => !o.ok)) throw new Error("a trajectory was not learned");
    }
    return (performance.now() - started) / runs.length;
  });
}

/** `runs` learned with the model at `concurrency` (calls in flight and trajectories at once), through the worker. */
async function withModel(runs: readonly Trajectory[], concurrency: number) {
  await using fake = await startFakeAnthropic(curatorModel(latencyMs));
  return await withStore(async (db) => {
    const usage = new UsageLedger();
    const llm = new AnthropicLlm({ apiKey: "bench", baseURL: fake.url, concurrency, usage, log: silentLogger });
    const byId = new Map(runs.map((t) => [t.id, t]));
    const learn = learningService({
      db,
      learned: new Learned(db),
      strategies: new Strategies(db, memoized(hashingEmbedding(), 10_000)),
      errorPatterns: new ErrorPatterns(db),
      load: (ids) => Promise.resolve(new Map(ids.map((id) => [id, byId.get(id)!]))),
      credit: () => llmCredit(llm),
      hindsight: () => new HindsightLearner({ llm }),
      modelConcurrency: concurrency,
      clock: systemClock,
    });
    const done = Promise.withResolvers<void>();
    let reported = 0;
    let failed = 0;
    const worker = new AnalysisWorker({
      learn,
      waiting: () => Promise.resolve([]),
      report: (item) => {
        if (!item.result.ok) failed++;
        if (++reported === runs.length) done.resolve();
      },
      log: silentLogger,
      // As runtime.ts sets it up with a model.
      batchSize: Math.min(batchSize, 4 * concurrency),
      concurrency: 2,
      maxQueued: 10_000,
      clock: systemClock,
    });
    const started = performance.now();
    worker.request(runs.map((t) => ({ trajectoryId: t.id, partition: 0 })));
    await done.promise;
    const seconds = (performance.now() - started) / 1000;
    await worker.close();
    const calls = fake.requests.length;
    return { calls, seconds, failed, maxInFlight: fake.maxInFlight, costUsd: usage.totals().costUsd };
  });
}

const duration = (seconds: number) =>
  seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`;

if (import.meta.main) {
  const runs = await realRuns();
  // Compiles the learning path before anything is timed.
  await heuristic(runs.slice(0, 500), 0, batchSize);

  console.log(`learning alone, no model: ${runs.length} real runs in batches of ${batchSize.toLocaleString("en")}`);
  const cost = new Map<number, number>();
  for (const size of librarySizes) {
    const ms = await heuristic(runs, size, batchSize);
    cost.set(size, ms);
    console.log(
      `  library of ${size.toLocaleString("en").padStart(7)}: ${Math.round(1000 / ms).toLocaleString("en")} ` +
        `trajectories/s, ${ms.toFixed(3)} ms each`,
    );
  }
  const [small, large] = [cost.get(librarySizes[0]!)!, cost.get(librarySizes.at(-1)!)!];
  console.log(`  ratio     cost per trajectory, 100,000 / 1,000 strategies = ${(large / small).toFixed(2)}`);
  const single = await heuristic(runs, 10_000, 1);
  const batched = cost.get(10_000)!;
  console.log(
    `  baseline  one at a time, library of 10,000: ${Math.round(1000 / single).toLocaleString("en")} ` +
      `trajectories/s, ${single.toFixed(3)} ms each`,
  );
  console.log(`  ratio     batched / one at a time = ${(single / batched).toFixed(1)}× the throughput`);

  console.log(`\nwith a model (llm credit, the model's verdicts and strategies), ${latencyMs} ms per call`);
  const sample = runs.slice(0, modelRuns);
  let perTrajectory = { calls: 0, costUsd: 0 };
  for (const concurrency of [4, 16]) {
    const { calls, seconds, failed, maxInFlight, costUsd } = await withModel(sample, concurrency);
    const ideal = concurrency / (latencyMs / 1000);
    console.log(
      `  ${String(concurrency).padStart(2)} in flight (at most ${maxInFlight} seen): ${sample.length} trajectories, ` +
        `${calls} calls in ${seconds.toFixed(1)} s: ${(calls / seconds).toFixed(1)} calls/s (ideal ${ideal}), ` +
        `${(sample.length / seconds).toFixed(1)} trajectories/s; efficiency ${(calls / seconds / ideal).toFixed(2)}` +
        (failed ? `; ${failed} failed` : ""),
    );
    perTrajectory = { calls: calls / sample.length, costUsd: costUsd / sample.length };
  }

  // Real time is bound by the calls in flight; the Batches API by its turnaround, at half the price.
  const seconds = (backlog * perTrajectory.calls) / (16 / (latencyMs / 1000));
  const dollars = backlog * perTrajectory.costUsd;
  console.log(
    `\na backlog of ${backlog.toLocaleString("en")} trajectories, ${perTrajectory.calls.toFixed(2)} calls each ` +
      `(${(backlog * perTrajectory.calls).toLocaleString("en", { maximumFractionDigits: 0 })} calls):`,
  );
  console.log(
    `  real time, 16 in flight at ${latencyMs} ms: ${duration(seconds)}, $${dollars.toFixed(2)} at list price`,
  );
  console.log(`  Message Batches API: typically under 1 h, at most 24 h, $${(dollars / 2).toFixed(2)} (half price)`);
}
