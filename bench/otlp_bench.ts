/**
 * `deno task bench:otlp`: OpenTelemetry ingest against `POST /v1/events` carrying the
 * same trajectories, in one run.
 *
 *   1. the real runs of `../shared/data/events` become agent runs, which the real
 *      OpenTelemetry JS SDK traces (batch processor at its defaults, whole
 *      conversations on chat spans) through its protobuf and JSON exporters at once,
 *      into a capturing server: the bodies an instrumented fleet really sends;
 *   2. the same trajectories as the contract's CloudEvents: exactly the events those
 *      spans map to, posted in batches of 500 (the baseline);
 *   3. each form posted in turn to a fresh service (in process, embedded log, its own
 *      libSQL file), one request at a time as one exporter sends them; timed to the
 *      last answer (ingest) and to the last trajectory learned (end to end); two
 *      rounds, interleaved, each form's best.
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { decodeProtobufRequest } from "../streams/otlp/decode_protobuf.ts";
import { traceEvents } from "../streams/otlp/mod.ts";
import { type AgentRun, traceAgentRuns } from "../tests/support/otel_agent.ts";
import { agentRunsOf } from "./agent_runs.ts";

const datasets = (Deno.env.get("BENCH_OTLP_DATASETS") ?? "tau2,intercode,fever,webshop").split(",");
const limits = { maxSpans: 1_000_000, maxAttributeBytes: 1 << 30 };
const eventsPerRequest = 500;

interface Body {
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** What the exporters send, captured. */
async function capture(runs: readonly AgentRun[]): Promise<{ protobuf: Body[]; json: Body[] }> {
  const bodies: Body[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (request) => {
    const contentType = request.headers.get("content-type") ?? "";
    bodies.push({ contentType, bytes: new Uint8Array(await request.arrayBuffer()) });
    return contentType.includes("json")
      ? Response.json({})
      : new Response(new Uint8Array(), { headers: { "content-type": "application/x-protobuf" } });
  });
  await traceAgentRuns({
    url: `http://127.0.0.1:${server.addr.port}/v1/traces`,
    protocol: ["http/protobuf", "http/json"],
    runs,
    stepMillis: 0,
  });
  await server.shutdown();
  return {
    protobuf: bodies.filter((b) => b.contentType.includes("protobuf")),
    json: bodies.filter((b) => b.contentType.includes("json")),
  };
}

interface Measured {
  ingestMs: number;
  learnedMs: number;
}

/** Posts `requests` to `path` one at a time on a fresh service; times the answers and the learning. */
async function measure(path: string, requests: readonly RequestInit[]): Promise<Measured> {
  const dir = await Deno.makeTempDir({ prefix: "atlas-otlp-bench-" });
  const config = loadConfig({
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
    ATLAS_JOBS_DIR: `${dir}/jobs`,
    ATLAS_CLOSE_GRACE_MS: "200",
    ATLAS_LOG_LEVEL: "error",
  });
  const runtime = await createRuntime(config, { log: silentLogger });
  const app = createApp(runtime);
  await runtime.start();
  try {
    const started = performance.now();
    for (const init of requests) {
      const response = await app.request(path, init);
      if (response.status >= 300) throw new Error(`${response.status}: ${await response.text()}`);
      await response.body?.cancel();
    }
    const ingestMs = performance.now() - started;
    while ((await runtime.learning.learned.since(null)).trajectories < trajectories) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { ingestMs, learnedMs: performance.now() - started };
  } finally {
    await runtime.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

const runs = await agentRunsOf(new URL("../../shared/data/events/", import.meta.url), datasets);
console.log(`${runs.length} runs from ${datasets.join(", ")}; tracing them with the OpenTelemetry JS SDK...`);
const { protobuf, json } = await capture(runs);
const spans = protobuf.flatMap((b) => decodeProtobufRequest(b.bytes, limits).spans);
const unique = new Map(
  protobuf.flatMap((b) => traceEvents(decodeProtobufRequest(b.bytes, limits).spans).events)
    .map((e) => [`${e.source}/${e.id}`, e]),
);
const events = [...unique.values()];
const trajectories = new Set(spans.map((s) => s.traceId)).size;
const eventBodies: RequestInit[] = [];
for (let i = 0; i < events.length; i += eventsPerRequest) {
  eventBodies.push({
    method: "POST",
    headers: { "content-type": "application/cloudevents-batch+json" },
    body: JSON.stringify(events.slice(i, i + eventsPerRequest)),
  });
}
const otlp = (bodies: Body[]) =>
  bodies.map((b): RequestInit => ({ method: "POST", headers: { "content-type": b.contentType }, body: b.bytes }));
const megabytes = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0) / 1024 / 1024;
const sizes = {
  events: megabytes(eventBodies.map((b) => (b.body as string).length)),
  protobuf: megabytes(protobuf.map((b) => b.bytes.byteLength)),
  json: megabytes(json.map((b) => b.bytes.byteLength)),
};
console.log(
  `${spans.length} spans in ${protobuf.length} requests per encoding (largest protobuf ${
    (Math.max(...protobuf.map((b) => b.bytes.byteLength)) / 1024 / 1024).toFixed(1)
  } MB) → ${trajectories} trajectories, ${events.length} events`,
);

// Two rounds, interleaved, each form's best: warm-up and drift fall on every form alike.
const best = (a: Measured | undefined, b: Measured): Measured =>
  a ? { ingestMs: Math.min(a.ingestMs, b.ingestMs), learnedMs: Math.min(a.learnedMs, b.learnedMs) } : b;
let events_: Measured | undefined;
let viaProtobuf: Measured | undefined;
let viaJson: Measured | undefined;
for (let round = 0; round < 2; round++) {
  events_ = best(events_, await measure("/v1/events", eventBodies));
  viaProtobuf = best(viaProtobuf, await measure("/v1/traces", otlp(protobuf)));
  viaJson = best(viaJson, await measure("/v1/traces", otlp(json)));
}

const row = (name: string, m: Measured, mb: number) =>
  `${name.padEnd(22)} ${(m.ingestMs / 1000).toFixed(2).padStart(7)} s ${
    String(Math.round(spans.length / (m.ingestMs / 1000))).padStart(8)
  } spans/s ${String(Math.round(trajectories / (m.ingestMs / 1000))).padStart(6)} traj/s ${
    (mb / (m.ingestMs / 1000)).toFixed(1).padStart(6)
  } MB/s   learned ${(m.learnedMs / 1000).toFixed(2).padStart(6)} s`;
console.log(row("POST /v1/events", events_!, sizes.events));
console.log(row("POST /v1/traces proto", viaProtobuf!, sizes.protobuf));
console.log(row("POST /v1/traces json", viaJson!, sizes.json));
const ratio = (m: Measured | undefined, key: keyof Measured) => (events_![key] / m![key]).toFixed(2);
console.log(
  `ratio to /v1/events (same trajectories): protobuf ${ratio(viaProtobuf, "ingestMs")} ingest, ` +
    `${ratio(viaProtobuf, "learnedMs")} end to end; JSON ${ratio(viaJson, "ingestMs")} ingest, ` +
    `${ratio(viaJson, "learnedMs")} end to end (goal ≥ 0.5)`,
);
