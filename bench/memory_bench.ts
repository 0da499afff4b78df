/**
 * The memory half of `deno task bench`, run in its own process so that its RSS is
 * the pipeline's and not the benchmark's: a fresh pipeline reads a topic of short
 * trajectories and prints RSS and the V8 heap (after a collection) as they finish.
 * Usage: `memory_bench.ts <topic> <count>`.
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { until } from "./until.ts";

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

if (import.meta.main) {
  const [topic, count] = [Deno.args[0]!, Number(Deno.args[1])];
  const dir = await Deno.makeTempDir({ prefix: "atlas-bench-" });
  const runtime = await createRuntime(
    loadConfig({
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092",
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-atlas`,
      ATLAS_CLOSE_GRACE_MS: "200",
    }),
    { log: silentLogger },
  );
  const start = Deno.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, Deno.memoryUsage().rss)), 20);
  await runtime.start();
  const samples: { rss: number; heap: number }[] = [];
  const finished = () => runtime.metrics.transitions.value({ to: "completed" });
  for (const checkpoint of [0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.round(f * count))) {
    await until(() => finished() >= checkpoint, 20);
    // Collect first (the parent runs this with --expose-gc): what remains is what is retained.
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, external } = Deno.memoryUsage();
    samples.push({ rss, heap: heapUsed });
    console.log(
      `  ${String(checkpoint).padStart(7)} finished: rss ${mib(rss)} MiB, retained heap ${mib(heapUsed)} MiB, ` +
        `external ${mib(external)} MiB, actors in memory ${runtime.metrics.actors.value()}`,
    );
  }
  clearInterval(sampler);
  // Caches (SQLite pages, the WAL, kafkajs buffers) warm up over the first part; after
  // that, memory must not follow the number of finished trajectories.
  const [, warm, , , last] = samples;
  console.log(
    `rss at start ${mib(start)} MiB, peak ${mib(peak)} MiB; from ${Math.round(count * 0.4)} to ${count} finished: ` +
      `rss ${(last!.rss / warm!.rss).toFixed(2)}x, retained heap ${(last!.heap / warm!.heap).toFixed(2)}x`,
  );
  await runtime.stop();
  await Deno.remove(dir, { recursive: true });
}
