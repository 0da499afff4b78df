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

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

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
  runtime.start();
  const samples: number[] = [];
  const finished = () => runtime.metrics.transitions.value({ to: "completed" });
  for (const checkpoint of [0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.round(f * count))) {
    await until(() => finished() >= checkpoint);
    // Collect first (the parent runs this with --expose-gc): what remains is what is retained.
    (globalThis as { gc?: () => void }).gc?.();
    const rss = Deno.memoryUsage().rss;
    samples.push(rss);
    console.log(
      `  ${String(checkpoint).padStart(7)} finished: rss ${mib(rss)} MiB, ` +
        `heap ${mib(Deno.memoryUsage().heapUsed)}/${mib(Deno.memoryUsage().heapTotal)} MiB, external ${
          mib(Deno.memoryUsage().external)
        } MiB, ` +
        `actors in memory ${runtime.metrics.actors.value()}, in flight ${runtime.pipeline.inFlight}`,
    );
  }
  clearInterval(sampler);
  console.log(
    `rss at start ${mib(start)} MiB, peak ${mib(peak)} MiB; rss at ${count} finished / at ${
      Math.round(count / 5)
    } finished = ${(samples.at(-1)! / samples[0]!).toFixed(2)}`,
  );
  await runtime.stop();
  await Deno.remove(dir, { recursive: true });
}
