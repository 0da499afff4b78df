/**
 * `deno task bench`: the pipeline against a bare kafkajs consumer on the same topic,
 * in one run, and the process's memory while 100,000 trajectories pass through.
 *
 *   1. ≥ 200,000 step events from the real runs (cloned) on one topic;
 *   2. baseline: a bare `eachBatch` consumer that only parses JSON;
 *   3. the full pipeline: decode, validate, dedupe, actors, one libSQL transaction
 *      per micro-batch with snapshots, steps, dedupe ids and offsets, then the Kafka
 *      offset commit. Both timed from their first message to their last one done;
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
import { realFleet, shortTrajectories } from "./fleet.ts";

const brokers = (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(",");
const minSteps = Number(Deno.env.get("BENCH_STEPS") ?? 200_000);
const memoryTrajectories = Number(Deno.env.get("BENCH_TRAJECTORIES") ?? 100_000);
const partitions = 6;
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
    ATLAS_CLOSE_GRACE_MS: "200",
    ATLAS_MAX_IN_FLIGHT: "50000",
  });
  return await createRuntime(config, { log: silentLogger });
}

/** Polls `check` every few ms and returns when it holds. */
async function until(check: () => boolean | Promise<boolean>, everyMs = 5): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs));
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

  // The baseline is short and noisy run to run: the median of three.
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await bareConsume(kafka, topic, total)).ms);
  const bare = { ms: [...runs].sort((a, b) => a - b)[1]! };
  console.log(
    `baseline  bare kafkajs eachBatch + JSON.parse: ${rate(total, bare.ms)} events/s ` +
      `(median of ${runs.map((ms) => ms.toFixed(0)).join(", ")} ms)`,
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
  await until(() => runtime.metrics.transitions.value({ to: "completed" }) >= fleet.trajectories, 20);
  const completedMs = performance.now() - first;
  const batches = runtime.metrics.batches;
  const ratio = rate(total, persistedMs) / rate(total, bare.ms);
  console.log(
    `pipeline  to persisted snapshots + offsets:     ${rate(total, persistedMs)} events/s (${
      persistedMs.toFixed(0)
    } ms)`,
  );
  console.log(
    `          all ${fleet.trajectories} trajectories completed (credit assigned) after ${completedMs.toFixed(0)} ms`,
  );
  console.log(`          ${batches.count} micro-batches, ${(total / batches.count).toFixed(0)} events each on average`);
  console.log(`ratio     pipeline / baseline = ${ratio.toFixed(2)}`);
  await runtime.stop();
  await Deno.remove(dir, { recursive: true });
  return ratio;
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
