/**
 * The faults, each acting on the cluster and saying how long the cluster took to be
 * ready again (both services answering `/readyz` 200) and what it saw meanwhile.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Cluster } from "./cluster.ts";
import { type Malformed, malformedInputs } from "./malformed.ts";

export interface Fault {
  kind: "kill -9" | "SIGSTOP past the session" | "broker restart" | "disk full" | "corrupt snapshot" | "malformed";
  /** Time from the fault's end until both services are ready and the stream moves again, ms. */
  recoveredMs: number;
  detail: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until both services are ready and the stored offsets move past where they
 * stood (the producer never stops, so a recovered pipeline makes progress); returns
 * how long that took.
 */
async function recovery(cluster: Cluster, timeoutMs = 180_000): Promise<number> {
  const started = performance.now();
  const before = await cluster.applied();
  const moving = async () => {
    const applied = await cluster.applied();
    return applied > before || applied >= cluster.produced;
  };
  while (!(await cluster.allReady()) || !(await moving())) {
    if (performance.now() - started > timeoutMs) throw new Error(`no progress within ${timeoutMs / 1000} s`);
    await pause(100);
  }
  return Math.round(performance.now() - started);
}

export async function kill9(cluster: Cluster, i: number, downMs: number): Promise<Fault> {
  await cluster.kill9(i);
  await pause(downMs);
  await cluster.start(i);
  return { kind: "kill -9", recoveredMs: await recovery(cluster), detail: `service ${i}, down ${downMs} ms` };
}

/** A member frozen past its session: its partitions move; woken, its late writes must be refused. */
export async function zombie(cluster: Cluster, i: number): Promise<Fault> {
  const log = `${cluster.dir}/service-${i}.log`;
  const refusedBefore = await refusedWrites(log);
  cluster.signal(i, "SIGSTOP");
  await pause(cluster.options.sessionTimeoutMs + 4_000);
  cluster.signal(i, "SIGCONT");
  const recoveredMs = await recovery(cluster);
  const refused = (await refusedWrites(log)) - refusedBefore;
  return {
    kind: "SIGSTOP past the session",
    recoveredMs,
    detail: `service ${i} stopped ${(cluster.options.sessionTimeoutMs + 4_000) / 1000} s; ` +
      `its batches refused after it woke: ${refused}`,
  };
}

/** Batches a service could not persist: its log's "micro-batch failed" lines (a refused write among them). */
async function refusedWrites(log: string): Promise<number> {
  const text = await Deno.readTextFile(log).catch(() => "");
  return text.split("\n").filter((line) => line.includes("micro-batch failed")).length;
}

export async function brokerRestart(cluster: Cluster, downMs: number): Promise<Fault> {
  await cluster.broker.stop();
  await pause(downMs);
  await cluster.broker.start();
  return { kind: "broker restart", recoveredMs: await recovery(cluster), detail: `broker down ${downMs} ms` };
}

/** Every write past 4 KiB of a file fails (EFBIG) in both services, until lifted: what a full disk does. */
export async function diskFull(cluster: Cluster, holdMs: number): Promise<Fault> {
  await Promise.all([0, 1].map((i) => cluster.fileSizeLimit(i, 4096)));
  const seen = new Set<string>();
  const until = performance.now() + holdMs;
  while (performance.now() < until) {
    for (const i of [0, 1]) {
      const answer = await cluster.readiness(i);
      if (answer && answer.status !== 200) seen.add(`${answer.status} ${answer.code}: ${String(answer.details)}`);
    }
    await pause(200);
  }
  await Promise.all([0, 1].map((i) => cluster.fileSizeLimit(i, "unlimited")));
  const e7400 = [...seen].some((s) => s.includes("E7400"));
  return {
    kind: "disk full",
    recoveredMs: await recovery(cluster),
    detail: `writes refused for ${holdMs} ms; /readyz said ${e7400 ? "E7400" : [...seen][0] ?? "nothing"}`,
  };
}

/** Both services killed, `count` open trajectories' snapshots cut in half, both started again. */
export async function corruptSnapshots(cluster: Cluster, count: number, pick: () => number): Promise<
  Fault & {
    ids: string[];
  }
> {
  await Promise.all([cluster.kill9(0), cluster.kill9(1)]);
  const open = await cluster.store.execute("SELECT id FROM trajectories WHERE state = 'open' ORDER BY id");
  const ids = [
    ...new Set(
      Array.from(
        { length: Math.min(count, open.rows.length) },
        () => String(open.rows[Math.floor(pick() * open.rows.length)]!.id),
      ),
    ),
  ];
  for (const id of ids) {
    await cluster.store.execute({
      sql: "UPDATE trajectories SET snapshot = substr(snapshot, 1, length(snapshot) / 2) WHERE id = ?",
      args: [id],
    });
  }
  await Promise.all([cluster.start(0), cluster.start(1)]);
  return { kind: "corrupt snapshot", recoveredMs: await recovery(cluster), detail: `${ids.length} cut`, ids };
}

export interface MalformedOutcome extends Fault {
  kafka: number;
  http: number;
  /** HTTP answers that were not a 4xx with an E7xxx code (must be none). */
  unanswered: string[];
  rssBefore: number;
  rssPeak: number;
}

/** `count` malformed inputs, half to the topic, half to `POST /v1/events` of the two services in turn. */
export async function malformedFlood(cluster: Cluster, count: number, seed: number): Promise<MalformedOutcome> {
  const kafkaInputs = malformedInputs(Math.ceil(count / 2), seed, 256 * 1024);
  const httpInputs = malformedInputs(Math.floor(count / 2), seed + 1, 1024 * 1024);
  // A handful of bodies past the service's 5 MiB limit: refused before they are read.
  const tooBig = Array.from({ length: 5 }, (): Malformed => ({
    kind: "huge-string",
    value: Buffer.from(`{"specversion":"1.0","data":"${"x".repeat(10 * 1024 * 1024)}"}`),
    headers: {},
  }));
  const rssBefore = Math.max(await cluster.rss(0), await cluster.rss(1));
  let rssPeak = rssBefore;
  const sampling = setInterval(async () => {
    rssPeak = Math.max(rssPeak, await cluster.rss(0), await cluster.rss(1));
  }, 250);
  const unanswered: string[] = [];
  try {
    const toKafka = cluster.produceRaw(kafkaInputs);
    const all = [...httpInputs, ...tooBig];
    for (let n = 0; n < all.length; n++) {
      const answer = await postMalformed(cluster, n % 2, all[n]!);
      if (answer) unanswered.push(`${all[n]!.kind}: ${answer}`);
    }
    await toKafka;
  } finally {
    clearInterval(sampling);
  }
  return {
    kind: "malformed",
    recoveredMs: await recovery(cluster),
    detail: `${kafkaInputs.length} to the topic, ${httpInputs.length + tooBig.length} over HTTP`,
    kafka: kafkaInputs.length,
    http: httpInputs.length + tooBig.length,
    unanswered,
    rssBefore,
    rssPeak,
  };
}

/** Posts one malformed input; undefined when it was answered with a 4xx and an E7xxx code, else what happened. */
async function postMalformed(cluster: Cluster, i: number, input: Malformed): Promise<string | undefined> {
  const service = cluster.services[i];
  if (!service) return "no service";
  const headers: Record<string, string> = { "content-type": "application/cloudevents+json" };
  for (const [name, value] of Object.entries(input.headers)) headers[name.replace(/^ce_/, "ce-")] = value;
  try {
    const body = new Uint8Array(input.value.buffer, input.value.byteOffset, input.value.byteLength) as Uint8Array<
      ArrayBuffer
    >;
    const response = await fetch(`${service.url}/v1/events`, { method: "POST", headers, body });
    const text = await response.text();
    const code = /"code":"(E7\d{3})"/.exec(text)?.[1];
    if (response.status >= 400 && response.status < 500 && code) return undefined;
    return `${response.status} ${text.slice(0, 120)}`;
  } catch (error) {
    return `no answer: ${(error as Error).message}`;
  }
}
