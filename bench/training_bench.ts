/**
 * `deno task bench` (training data), each figure against a baseline in the same run:
 *
 *   1. extraction: the L02/L05/L06 events of `BENCH_EXECUTIONS` executions (default
 *      20,000; the 1,000 real FEVER and WebShop runs under new ids) on one topic.
 *      Baseline: a bare kafkajs consumer of the topic. Ours: the runtime reading the
 *      topic and the extractor deciding every join, from the first record to the last
 *      example stored;
 *   2. filter: 100,000 examples from the real runs (each copy with a seeded 15% of
 *      its words dropped, so near-duplicate detection has real work) through the
 *      default filter; baseline: the same call with thresholds only;
 *   3. curation: the same 100,000 in libSQL, the first dataset version built
 *      (filter, splits, statistics, content hash, members written).
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { seededRandom } from "../learning/seeded_random.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { createKafka, ensureTopics } from "../streams/kafka_client.ts";
import { KafkaProducer } from "../streams/kafka_producer.ts";
import { upstreamEventsFromRuns, upstreamRuns } from "../tests/support/upstream_events.ts";
import { exampleHash } from "../training/datasets/content_hash.ts";
import type { TrainingExample } from "../training/example.ts";
import { parseFilterConfig } from "../training/filter/config.ts";
import { filterExamples } from "../training/filter/filter.ts";
import { decideExecution, type UpstreamPart } from "../training/join.ts";
import { bareConsume } from "./bare_consumer.ts";
import { until } from "./until.ts";

const brokers = (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(",");
const executions = Number(Deno.env.get("BENCH_EXECUTIONS") ?? 20_000);
const filterSize = Number(Deno.env.get("BENCH_EXAMPLES") ?? 100_000);
const partitions = 6;
const kafka = createKafka({ brokers, clientId: "atlas-bench" }, silentLogger);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

async function extraction(): Promise<void> {
  const copies = Math.ceil(executions / 1_000);
  const events = (await Promise.all(
    Array.from({ length: copies }, (_, i) => upstreamEventsFromRuns({ idPrefix: `b${i}-` })),
  )).flat().slice(0, executions * 3);
  const topic = `bench-training-${Date.now()}`;
  await ensureTopics(kafka, [topic], partitions);
  const producer = new KafkaProducer(kafka);
  const messages = events.map((e) => ({ key: String(e.data.executionId), value: JSON.stringify(e) }));
  for (let i = 0; i < messages.length; i += 1_000) await producer.send(topic, messages.slice(i, i + 1_000));
  await producer.disconnect();
  const total = messages.length;
  console.log(`extraction: ${total} upstream events (${total / 3} executions, ${partitions} partitions) on ${topic}`);

  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await bareConsume(kafka, topic, total)).ms);
  const bare = [...runs].sort((a, b) => a - b)[1]!;
  console.log(`  baseline  bare kafkajs eachBatch + JSON.parse: ${rate(total, bare)} events/s (median of 3)`);

  const dir = await Deno.makeTempDir({ prefix: "atlas-bench-" });
  const runtime = await createRuntime(
    loadConfig({
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: brokers.join(","),
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-atlas`,
      ATLAS_EXTRACTION_INTERVAL_MS: "50",
    }),
    { log: silentLogger },
  );
  await runtime.start();
  await until(() => runtime.metrics.records.value() > 0, 1);
  const first = performance.now();
  await until(async () => (await runtime.trainingData.examples.counts()).total >= total / 3, 50);
  const ms = performance.now() - first;
  console.log(`  ours      events to stored examples:            ${rate(total, ms)} events/s`);
  console.log(`            ${rate(total / 3, ms)} examples/s (${(ms / 1000).toFixed(1)} s for ${total / 3})`);
  console.log(`  ratio     ours / baseline = ${(rate(total, ms) / rate(total, bare)).toFixed(3)}`);
  await runtime.stop();
  await Deno.remove(dir, { recursive: true });
}

/** `size` examples: the real runs through the join, copied under new ids with words dropped. */
async function realExamples(size: number): Promise<TrainingExample[]> {
  const runs = await upstreamRuns();
  const random = seededRandom(11);
  const settings = { waitMs: 0, outcomeConfidence: 0.5, now: Date.now() };
  const out: TrainingExample[] = [];
  for (let copy = 0; out.length < size; copy++) {
    for (const run of runs) {
      if (out.length === size) break;
      const executionId = `c${copy}-${run.executionId}`;
      const output = copy === 0 ? run.output : run.output.split(" ").filter(() => random() >= 0.15).join(" ");
      const part = (type: UpstreamPart["type"], data: Record<string, unknown>): UpstreamPart => ({
        type,
        source: "bench",
        id: `${executionId}-${type}`,
        data,
        receivedAt: 0,
      });
      const decision = decideExecution(
        executionId,
        [
          part("execution.completed", { input: run.input, output, tools: run.tools }),
          part("planning.completed", { input: run.input, output: run.plan }),
          part("evaluation.completed", { quality_score: run.qualityScore, confidence: run.confidence }),
        ],
        false,
        settings,
      );
      if (decision.kind === "emit") out.push(decision.example);
    }
  }
  return out;
}

function filtering(examples: TrainingExample[]): void {
  console.log(`\nfilter: ${examples.length} examples from the real runs`);
  const thresholds = parseFilterConfig({ anomaly: { enabled: false }, nearDuplicates: { enabled: false } });
  let started = performance.now();
  const base = filterExamples(examples, thresholds);
  const baseMs = performance.now() - started;
  console.log(`  baseline  thresholds only:  ${rate(examples.length, baseMs)} examples/s (${baseMs.toFixed(0)} ms)`);
  started = performance.now();
  const full = filterExamples(examples, parseFilterConfig({}));
  const fullMs = performance.now() - started;
  console.log(
    `  ours      full default filter (thresholds, Isolation Forest, MinHash near-duplicates, diversity): ` +
      `${rate(examples.length, fullMs)} examples/s (${(fullMs / 1000).toFixed(1)} s)`,
  );
  console.log(`  ratio     full / thresholds = ${(baseMs / fullMs).toFixed(3)}`);
  console.log(
    `            accepted ${full.stats.accepted} of ${examples.length} (thresholds alone: ${base.stats.accepted}); ` +
      `rejected ${JSON.stringify(full.stats.rejected)}`,
  );
}

async function curation(examples: TrainingExample[]): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atlas-bench-" });
  const runtime = await createRuntime(loadConfig({ ATLAS_DB_URL: `file:${dir}/atlas.db` }), { log: silentLogger });
  const { examples: store, curator } = runtime.trainingData;
  let started = performance.now();
  for (let i = 0; i < examples.length; i += 2_000) {
    const chunk = examples.slice(i, i + 2_000).map((example) => ({ example, hash: exampleHash(example) }));
    await runtime.db.write(store.upsert(chunk, Date.now()));
  }
  const storeMs = performance.now() - started;
  started = performance.now();
  const { version } = await curator.build({ name: "bench" });
  const buildMs = performance.now() - started;
  console.log(`\ncuration: ${examples.length} examples stored in ${(storeMs / 1000).toFixed(1)} s`);
  console.log(
    `  first version ${version.version}: ${version.counts.total} members (train ${version.counts.train}, ` +
      `val ${version.counts.val}, test ${version.counts.test}) in ${(buildMs / 1000).toFixed(1)} s ` +
      `(${rate(examples.length, buildMs)} examples/s)`,
  );
  await runtime.stop();
  await Deno.remove(dir, { recursive: true });
}

await extraction();
const examples = await realExamples(filterSize);
filtering(examples);
await curation(examples);
