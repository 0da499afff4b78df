/**
 * `deno task bench:console`: what the console costs ingest. The same ingest twice,
 * each on a fresh service with the same seed, in one run: once with no one looking,
 * once with viewers hammering the console's pages and holding its live stream open.
 *
 *   1. the real runs of `../shared/data/events` in all five shapes (FEVER, WebShop,
 *      Voyager, InterCode, tau2), out of order and with their repeats, cloned per
 *      round (`BENCH_CONSOLE_ROUNDS`, 8: 170,808 events, 12,248 trajectories) under
 *      new trajectory and event ids, posted to `POST /v1/events` in
 *      batches of 500 by 3 concurrent senders; timed to the last answer (ingest) and
 *      to the last trajectory completed as `/v1/stats` counts it (end to end);
 *   2. the same, while `BENCH_CONSOLE_VIEWERS` (4) viewers each loop over `/`,
 *      `/trajectories`, the newest trajectory listed there, `/memory`, `/memory?q=`,
 *      `/datasets`, `/jobs` and `/models` with no pause (a person holding refresh),
 *      each also holding `/v1/events/stream` open as the list page does, counting its
 *      frames; every page's latency and status recorded.
 *
 * The service is a subprocess started as `deno task start` starts it (its command and
 * permissions, the embedded log, a libSQL file under `./data`), not in process: the
 * senders' and viewers' own work (building requests, reading the pages and the
 * stream) then runs on another event loop, as a browser's would, and what is measured
 * is the service's loop shared between intake, learning and rendering. Both share the
 * machine's cores, which the service's CPU time (`ps`) puts in proportion.
 *
 * Before the timed rounds each service gets the same seed: one round of the runs,
 * upstream events for 30 FEVER and 30 WebShop runs, a dataset built from their
 * examples and a memory-backend job trained on it, so `/datasets`, `/jobs` and
 * `/models` have rows to render. Close grace 200 ms, as in the other benches. About
 * 1.5 minutes on a 2-core machine.
 *
 * @module
 */
import { type Service, serviceDataDir, startService } from "../tests/support/service.ts";
import { upstreamEventsFromRuns } from "../tests/support/upstream_events.ts";
import { type PageStats, viewConsole, type Viewing } from "./console_viewers.ts";
import { until } from "./until.ts";

const rounds = Number(Deno.env.get("BENCH_CONSOLE_ROUNDS") ?? 8);
const viewers = Number(Deno.env.get("BENCH_CONSOLE_VIEWERS") ?? 4);
const senders = 3;
const batchSize = 500;
const shapes = ["fever", "webshop", "voyager", "intercode", "tau2"];
const folder = new URL("../../shared/data/events/", import.meta.url);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

interface RunEvent {
  id: string;
  data: { trajectoryId: string };
}

/** The runs of every shape as one stream, each shape in its own file order, and their trajectory count. */
async function realRuns(): Promise<{ events: RunEvent[]; trajectories: number }> {
  const events: RunEvent[] = [];
  for (const shape of shapes) {
    const text = await Deno.readTextFile(new URL(`${shape}.events.jsonl`, folder));
    events.push(...text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)));
  }
  return { events, trajectories: new Set(events.map((e) => e.data.trajectoryId)).size };
}

/** Round `tag` of the runs as request bodies: new trajectory and event ids, repeats kept as repeats. */
function bodies(events: readonly RunEvent[], tag: string): string[] {
  const clones = events.map((e) => ({
    ...e,
    id: `${e.id}~${tag}`,
    data: { ...e.data, trajectoryId: `${e.data.trajectoryId}~${tag}` },
  }));
  const out: string[] = [];
  for (let i = 0; i < clones.length; i += batchSize) out.push(JSON.stringify(clones.slice(i, i + batchSize)));
  return out;
}

async function call(url: string, method: string, body?: unknown, type = "application/json"): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": type },
    ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

interface Stats {
  trajectories: { byState: Record<string, number> };
  trainingData: { examples: { total?: number } & Record<string, unknown> };
}

const stats = async (service: Service) => await call(`${service.url}/v1/stats`, "GET") as Stats;
const completed = async (service: Service) => (await stats(service)).trajectories.byState.completed ?? 0;

/** Posts `all` with `senders` requests in flight; events counted from the answers. */
async function send(service: Service, all: readonly string[]): Promise<number> {
  let next = 0;
  let events = 0;
  const sender = async () => {
    while (next < all.length) {
      const result = await call(`${service.url}/v1/events`, "POST", all[next++], "application/cloudevents-batch+json");
      const { accepted, duplicates } = result as { accepted: number; duplicates: number };
      events += accepted + duplicates;
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return events;
}

/** One round of the runs, then a dataset from upstream examples and a memory-backend job on it. */
async function seed(service: Service, events: readonly RunEvent[], trajectories: number): Promise<void> {
  await send(service, bodies(events, "seed"));
  const upstream = await upstreamEventsFromRuns({ limit: 30 });
  await send(service, [JSON.stringify(upstream)]);
  await until(async () => (await completed(service)) >= trajectories, 250);
  await until(async () => ((await stats(service)).trainingData.examples.total ?? 0) > 0, 250);
  await call(`${service.url}/v1/datasets`, "POST", { name: "bench-console" });
  const job = await call(`${service.url}/v1/jobs`, "POST", {
    dataset: { name: "bench-console" },
    config: { backend: "memory" },
  }) as { id: string };
  await until(async () => {
    const { state } = await call(`${service.url}/v1/jobs/${job.id}`, "GET") as { state: string };
    if (state === "failed" || state === "cancelled") throw new Error(`the seed job ${state}`);
    return state === "succeeded";
  }, 250);
}

/** User and system CPU seconds a process has used so far (`ps`, whole seconds). */
async function cpuSeconds(pid: number): Promise<number> {
  const { stdout } = await new Deno.Command("ps", { args: ["-o", "times=", "-p", String(pid)] }).output();
  return Number(new TextDecoder().decode(stdout).trim());
}

interface Phase {
  events: number;
  ingestMs: number;
  endToEndMs: number;
  cpuSeconds: number;
  pages: PageStats[];
  streamFrames: number[];
}

/** A fresh service, the seed, then `timed` through it, with `viewerCount` viewers on the console meanwhile. */
async function phase(
  name: string,
  runs: { events: RunEvent[]; trajectories: number },
  timed: readonly string[],
  viewerCount: number,
): Promise<Phase> {
  const dir = await serviceDataDir("console-bench-");
  const service = await startService({
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
    ATLAS_JOBS_DIR: `${dir}/jobs`,
    ATLAS_CLOSE_GRACE_MS: "200",
    ATLAS_LOG_LEVEL: "error",
  });
  let view: Viewing | undefined;
  try {
    const seeding = performance.now();
    await seed(service, runs.events, runs.trajectories);
    console.log(`  ${name}: seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const target = runs.trajectories * (rounds + 1);
    view = viewConsole(service.url, viewerCount);
    // The viewers' first pages and streams are up before the traffic starts.
    await view.started;
    const cpuBefore = await cpuSeconds(service.process.pid);
    const started = performance.now();
    const events = await send(service, timed);
    const ingestMs = performance.now() - started;
    await until(async () => (await completed(service)) >= target, 250);
    const endToEndMs = performance.now() - started;
    const cpu = (await cpuSeconds(service.process.pid)) - cpuBefore;
    const seen = await view.stop();
    view = undefined;
    console.log(
      `  ${name}: ${events} events in ${(ingestMs / 1000).toFixed(1)} s = ${rate(events, ingestMs)} events/s; ` +
        `all ${target} trajectories completed at ${(endToEndMs / 1000).toFixed(1)} s; service CPU ${cpu} s`,
    );
    return { events, ingestMs, endToEndMs, cpuSeconds: cpu, ...seen };
  } finally {
    // Open streams would hold the service's shutdown.
    await view?.stop();
    await service.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** A markdown table: `rows` under `head`, columns padded to their widest cell. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function report(without: Phase, withConsole: Phase): void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const ingest = [rate(without.events, without.ingestMs), rate(withConsole.events, withConsole.ingestMs)] as const;
  console.log();
  console.log(table(["", "no console", `${viewers} viewers`, "ratio (with / without)"], [
    [
      "ingest, events/s",
      ingest[0].toLocaleString("en"),
      ingest[1].toLocaleString("en"),
      (ingest[1] / ingest[0]).toFixed(2),
    ],
    [
      "end to end, all completed",
      seconds(without.endToEndMs),
      seconds(withConsole.endToEndMs),
      (withConsole.endToEndMs / without.endToEndMs).toFixed(2),
    ],
    [
      "service CPU",
      `${without.cpuSeconds} s`,
      `${withConsole.cpuSeconds} s`,
      (withConsole.cpuSeconds / Math.max(1, without.cpuSeconds)).toFixed(2),
    ],
  ]));
  console.log();
  console.log(table(
    ["page", "requests", "p50 ms", "p95 ms", "max ms", "non-200"],
    withConsole.pages.map((p) => [
      p.page,
      String(p.requests),
      p.p50Ms.toFixed(0),
      p.p95Ms.toFixed(0),
      p.maxMs.toFixed(0),
      String(p.failures.length),
    ]),
  ));
  console.log(`\nSSE frames per viewer: ${withConsole.streamFrames.join(", ")}`);
  for (const p of withConsole.pages) {
    for (const f of p.failures) console.log(`  non-200: ${f.path} ${f.status} ${f.body}`);
  }
}

if (import.meta.main) {
  const runs = await realRuns();
  const timed = Array.from({ length: rounds }, (_, r) => bodies(runs.events, `r${r}`)).flat();
  console.log(
    `console: ${rounds} rounds of ${runs.events.length} events (${runs.trajectories} trajectories of ` +
      `${shapes.join(", ")}) in ${timed.length} batches of ≤ ${batchSize}, ${senders} senders; ${viewers} viewers`,
  );
  const loadBefore = Deno.loadavg();
  const without = await phase("no console", runs, timed, 0);
  const withConsole = await phase(`${viewers} viewers`, runs, timed, viewers);
  report(without, withConsole);
  const figures = {
    rounds,
    viewers,
    senders,
    batchSize,
    eventsPerRound: runs.events.length,
    trajectoriesPerRound: runs.trajectories,
    cores: navigator.hardwareConcurrency,
    loadAverage: { before: loadBefore, after: Deno.loadavg() },
    without,
    withConsole,
  };
  await Deno.mkdir(new URL("out/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(new URL("out/console_bench.json", import.meta.url), JSON.stringify(figures, null, 2));
}
