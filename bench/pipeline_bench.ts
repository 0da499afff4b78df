/**
 * `deno task bench`: the pipeline against two baselines on the same topic, in one
 * run, end to end to the last trajectory learned, and the process's memory while
 * 100,000 trajectories pass through.
 *
 *   1. ≥ 200,000 step events from the real runs (cloned) on one topic;
 *   2. baselines: a bare `eachBatch` consumer that only parses JSON, and a durable one
 *      that writes each batch's raw events and offset to libSQL in one transaction;
 *   3. the full pipeline: decode, validate, dedupe, actors, one libSQL transaction
 *      per micro-batch with snapshots, steps, dedupe ids and offsets, then the Kafka
 *      offset commit; all timed from their first message to their last one done;
 *      then on to the last trajectory learned (no model: the heuristic learner);
 *   4. 100,000 short trajectories through a fresh pipeline in its own process
 *      (`memory_bench.ts`), RSS sampled as they finish.
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { createRuntime, type Runtime } from "../runtime.ts";
import { createKafka, ensureTopics } from "../streams/kafka_client.ts";
import { KafkaProducer, type OutgoingMessage } from "../streams/kafka_producer.ts";
import { bareConsume } from "./bare_consumer.ts";
import { durableConsume } from "./durable_consumer.ts";
import { realFleet, shortTrajectories } from "./fleet.ts";
import { until } from "./until.ts";

const brokers = (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(",");
const minSteps = Number(Deno.env.get("BENCH_STEPS") ?? 200_000);
const memoryTrajectories = Number(Deno.env.get("BENCH_TRAJECTORIES") ?? 100_000);
const partitions = 6;
const closeGraceMs = 200;
const kafka = createKafka({ brokers, clientId: "atlas-bench" }, silentLogger);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

async function produce(topic: string, messages: readonly OutgoingMessage[]): Promise<number> {
  await ensureTopics(kafka, [topic], partitions);
  const producer = new KafkaProducer(kafka);
  const started = performance.now();
  const chunk = 5_000;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < messages.length; i += chunk) {
    sends.push(producer.send(topic, messages.slice(i, i + chunk)));
    if (sends.length === 4) await sends.shift();
  }
  await Promise.all(sends);
  await producer.disconnect();
  return performance.now() - started;
}

async function pipelineRuntime(topic: string, dir: string): Promise<Runtime> {
  const config = loadConfig({
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    KAFKA_BROKERS: brokers.join(","),
    ATLAS_TRACES_TOPIC: topic,
    ATLAS_CONSUMER_GROUP: `${topic}-atlas`,
    ATLAS_CLOSE_GRACE_MS: String(closeGraceMs),
    ATLAS_MAX_IN_FLIGHT: "50000",
  });
  return await createRuntime(config, { log: silentLogger });
}

/** The median of three runs of `run`: the baselines are short and noisy from run to run. */
async function median(run: () => Promise<{ ms: number }>): Promise<{ ms: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await run()).ms);
  return { ms: [...runs].sort((a, b) => a - b)[1]!, runs };
}

async function throughput() {
  const fleet = await realFleet(minSteps);
  const topic = `bench-${Date.now()}`;
  const total = fleet.messages.length;
  console.log(
    `topic ${topic}: ${total} events (${fleet.steps} step events, ${fleet.trajectories} trajectories, ${partitions} partitions)`,
  );
  const producedMs = await produce(topic, fleet.messages);
  console.log(`  produced in ${(producedMs / 1000).toFixed(1)} s (${rate(total, producedMs)} events/s)`);

  const bare = await median(() => bareConsume(kafka, topic, total));
  console.log(
    `baseline  bare kafkajs eachBatch + JSON.parse:            ${rate(total, bare.ms)} events/s ` +
      `(median of ${bare.runs.map((ms) => ms.toFixed(0)).join(", ")} ms)`,
  );
  const durable = await median(async () => {
    const dir = await Deno.makeTempDir({ prefix: "atlas-durable-" });
    try {
      return await durableConsume(kafka, topic, total, dir);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
  console.log(
    `baseline  durable: raw events + offsets, one libSQL transaction per batch: ${rate(total, durable.ms)} events/s ` +
      `(median of ${durable.runs.map((ms) => ms.toFixed(0)).join(", ")} ms)`,
  );

  const dir = await Deno.makeTempDir({ prefix: "atlas-bench-" });
  const runtime = await pipelineRuntime(topic, dir);
  const offsets = async () => {
    const r = await runtime.db.read("SELECT coalesce(sum(next_offset), 0) AS n FROM consumer_offsets");
    return Number(r.rows[0]!.n);
  };
  await runtime.start();
  await until(() => runtime.metrics.records.value() > 0, 1);
  const first = performance.now();
  await until(async () => (await offsets()) >= total, 10);
  const persistedMs = performance.now() - first;
  await until(() => runtime.metrics.transitions.value({ to: "completed" }) >= fleet.trajectories, 10);
  const learnedMs = performance.now() - first;
  const batches = runtime.metrics.batches;
  const ingest = rate(total, persistedMs);
  const endToEnd = rate(total, learnedMs);
  console.log(
    `pipeline  ingest, to persisted snapshots + offsets:     ${ingest} events/s (${persistedMs.toFixed(0)} ms)`,
  );
  console.log(`          ${batches.count} micro-batches, ${(total / batches.count).toFixed(0)} events each on average`);
  console.log(
    `          end to end, to the last of ${fleet.trajectories} trajectories learned (completed, credit assigned): ` +
      `${endToEnd} events/s, ${rate(fleet.trajectories, learnedMs)} trajectories/s (${learnedMs.toFixed(0)} ms)`,
  );
  console.log(
    `          the last learned ${((learnedMs - persistedMs) / 1000).toFixed(1)} s after the last offset persisted ` +
      `(close grace ${closeGraceMs} ms)`,
  );
  console.log(`ratio     ingest / bare = ${(ingest / rate(total, bare.ms)).toFixed(2)}`);
  console.log(`ratio     ingest / durable = ${(ingest / rate(total, durable.ms)).toFixed(2)}`);
  console.log(`ratio     end to end / ingest = ${(endToEnd / ingest).toFixed(2)}`);
  await runtime.stop();
  await Deno.remove(dir, { recursive: true });
}

/** The permissions the service runs with (`deno task start`). */
const servicePermissions = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-ffi",
  "--allow-sys",
];

/** 100,000 short trajectories through a fresh pipeline in a child process (its own RSS). */
async function memory() {
  const topic = `bench-memory-${Date.now()}`;
  console.log(`\nmemory: ${memoryTrajectories} short trajectories (4 events each) through a fresh pipeline process`);
  await produce(topic, shortTrajectories(memoryTrajectories));
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...servicePermissions,
      "--v8-flags=--expose-gc",
      new URL("./memory_bench.ts", import.meta.url).pathname,
      topic,
      String(memoryTrajectories),
    ],
    env: { KAFKA_BROKERS: brokers.join(",") },
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await child.output();
  if (code !== 0) throw new Error(`the memory benchmark exited with ${code}`);
}

if (import.meta.main) {
  await throughput();
  await memory();
}
