/**
 * `deno task eval`: does memory improve with accumulated experience? Replays the real
 * trajectories of `../shared/data/events` in a seeded interleaved order through the
 * service's own API (in process, embedded log, a fresh libSQL file); after every
 * checkpoint it asks `GET /v1/strategies?q=<task>&k=3` for each held-out task and
 * counts a hit when a strategy learned from the same task family is in the top 3.
 * The baseline answers with the 3 most recent trajectories
 * (`GET /v1/trajectories?state=completed&limit=3`).
 *
 * Runs in heuristic mode unless ANTHROPIC_API_KEY is set. Exits 1 when the verdict
 * does not hold.
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { createLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { type CorpusTrajectory, loadCorpus } from "./corpus.ts";
import { hit, type Point, rate, verdict } from "./hit_rate.ts";

const heldOutPerFamily = 30;
const seed = 20261121;
const checkpoints = [0, 25, 50, 100, 200, 400, 800, 1200, Infinity];
/** Trajectories per POST: well under the body limit. */
const perRequest = 40;

const corpus = await loadCorpus(new URL("../../shared/data/events/", import.meta.url), heldOutPerFamily, seed);
const folder = `./data/eval-${Date.now()}`;
const config = loadConfig({
  ATLAS_DB_URL: `file:${folder}/atlas.db`,
  ATLAS_CLOSE_GRACE_MS: "0",
  ATLAS_LOG_LEVEL: "warn",
  ANTHROPIC_API_KEY: Deno.env.get("ANTHROPIC_API_KEY"),
});
const runtime = await createRuntime(config, { log: createLogger("warn") });
const app = createApp(runtime);
await runtime.start();

const call = async (path: string, init?: RequestInit) => {
  const response = await app.request(path, init);
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return await response.json();
};

async function replay(trajectories: readonly CorpusTrajectory[]): Promise<void> {
  for (let i = 0; i < trajectories.length; i += perRequest) {
    const events = trajectories.slice(i, i + perRequest).flatMap((t) => t.events);
    await call("/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(events),
    });
  }
}

async function learnedCount(): Promise<number> {
  return (await runtime.learning.learned.since(null)).trajectories;
}

async function waitLearned(count: number): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while ((await learnedCount()) < count) {
    if (Date.now() > deadline) throw new Error(`only ${await learnedCount()} of ${count} trajectories learned`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(seen: number): Promise<Point> {
  const recent = await call("/v1/trajectories?state=completed&limit=3") as {
    items: { task: { family?: string } | null }[];
  };
  const baselineFamilies = recent.items.map((t) => t.task?.family ?? null);
  const memoryHits: boolean[] = [];
  const baselineHits: boolean[] = [];
  const perFamily = new Map<string, boolean[]>();
  for (const t of corpus.heldOut) {
    const answer = await call(`/v1/strategies?k=3&q=${encodeURIComponent(t.task)}`) as {
      items: { family: string | null }[];
    };
    const found = hit(t.family, answer.items.map((s) => s.family));
    memoryHits.push(found);
    baselineHits.push(hit(t.family, baselineFamilies));
    perFamily.set(t.family, [...(perFamily.get(t.family) ?? []), found]);
  }
  return {
    seen,
    memory: rate(memoryHits),
    baseline: rate(baselineHits),
    byFamily: Object.fromEntries([...perFamily].map(([family, hits]) => [family, rate(hits)])),
  };
}

const started = performance.now();
console.log(
  `${corpus.stream.length} trajectories replayed, ${corpus.heldOut.length} held out (${heldOutPerFamily} per family), ` +
    `mode: ${runtime.learning.llm ? `model ${runtime.learning.llm.model}` : "heuristic (no ANTHROPIC_API_KEY)"}`,
);
const curve: Point[] = [];
let seen = 0;
for (const checkpoint of checkpoints) {
  const until = Math.min(checkpoint, corpus.stream.length);
  await replay(corpus.stream.slice(seen, until));
  seen = until;
  await waitLearned(seen);
  const point = await measure(seen);
  curve.push(point);
  const families = Object.entries(point.byFamily).map(([f, r]) => `${f} ${(r * 100).toFixed(0)}%`).join(", ");
  console.log(
    `seen ${String(seen).padStart(5)}  memory ${(point.memory * 100).toFixed(1).padStart(5)}%  ` +
      `baseline ${(point.baseline * 100).toFixed(1).padStart(5)}%   (${families})`,
  );
  if (seen === corpus.stream.length) break;
}
const result = verdict(curve);
const stats = await call("/v1/stats") as { learning: { memory: unknown } };
console.log(`memory: ${JSON.stringify(stats.learning.memory)}`);
console.log(`${result.summary}`);
console.log(
  `verdict: curve rises ${result.rises ? "yes" : "no"}, beats the baseline ${result.beatsBaseline ? "yes" : "no"}: ` +
    `${result.holds ? "memory improves with accumulated experience" : "NOT shown"} (${
      ((performance.now() - started) / 1000).toFixed(0)
    } s)`,
);
await runtime.stop();
await Deno.remove(folder, { recursive: true });
Deno.exit(result.holds ? 0 : 1);
