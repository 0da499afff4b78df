/**
 * Crash safety: the real service as a subprocess, killed with SIGKILL mid-stream
 * several times while real runs stream in, then restarted. Afterwards every
 * trajectory is complete, no step is counted twice, no event is missing, and every
 * trajectory was learned once (a kill cuts learning batches short too).
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Database, openDatabase } from "../store/database.ts";
import { Trajectories } from "../store/trajectories.ts";
import type { OutgoingMessage } from "../streams/kafka_producer.ts";
import { datasetLines, type Expected, expectedOf } from "./support/datasets.ts";
import { brokers, produce, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { completedCount, mismatches } from "./support/outcomes.ts";
import { type Service, serviceDataDir, startService } from "./support/service.ts";
import { waitFor } from "./support/wait.ts";

const kills = 4;

async function realRuns(): Promise<{ lines: string[]; expected: Record<string, Expected> }> {
  const [fever, webshop] = await Promise.all([datasetLines("fever"), datasetLines("webshop")]);
  const lines: string[] = [];
  for (let i = 0; i < Math.max(fever.length, webshop.length); i++) {
    if (i < fever.length) lines.push(fever[i]!);
    if (i < webshop.length) lines.push(webshop[i]!);
  }
  return { lines, expected: { ...await expectedOf("fever"), ...await expectedOf("webshop") } };
}

/** Small, frequent micro-batches: many commits for a kill to land between. */
const serviceEnv = (dir: string) => ({
  ATLAS_DB_URL: `file:${dir}/atlas.db`,
  ATLAS_CLOSE_GRACE_MS: "500",
  ATLAS_BATCH_MAX_EVENTS: "100",
  ATLAS_BATCH_MAX_WAIT_MS: "10",
});

/** Kills the service `kills` times, each time after it made progress; returns the last one, running. */
async function chaos(start: () => Promise<Service>, trajectories: Trajectories, total: number) {
  const progress: number[] = [];
  let service = await start();
  for (let i = 0; i < kills; i++) {
    const before = await completedCount(trajectories);
    await waitFor(async () => (await completedCount(trajectories)) >= Math.min(total, before + 40), {
      timeoutMs: 60_000,
      message: "progress before a kill",
    });
    await service.kill9();
    progress.push(await completedCount(trajectories));
    service = await start();
  }
  return { service, progress };
}

/** After the kills: the last service finishes the stream and stops cleanly; then the store is checked. */
async function finish(
  { service, progress }: { service: Service; progress: number[] },
  db: Database,
  dir: string,
  lines: string[],
  expected: Record<string, Expected>,
) {
  const total = Object.keys(expected).length;
  try {
    await waitFor(async () => (await completedCount(new Trajectories(db))) >= total, {
      timeoutMs: 120_000,
      message: `all ${total} trajectories completed after the last restart`,
    });
    assert.ok(progress.some((n) => n > 0 && n < total), `killed mid-stream (completed at each kill: ${progress})`);
    assert.equal(await service.stop(), 0, "a graceful stop exits 0");
    await verify(db, lines, expected);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function verify(db: Database, lines: string[], expected: Record<string, Expected>) {
  const trajectories = new Trajectories(db);
  assert.deepEqual(await mismatches(trajectories, expected), []);
  const counts = await trajectories.counts();
  assert.equal(counts.trajectories, Object.keys(expected).length);
  assert.equal(counts.lateEvents, 0, "a replayed event counted as late would mean it was applied twice");
  const distinct = new Set(lines.map((l) => JSON.parse(l)).map((e) => `${e.source} ${e.id}`));
  const seen = await db.read("SELECT count(*) AS n FROM seen_events");
  assert.equal(Number(seen.rows[0]!.n), distinct.size, "every distinct event applied exactly once");
  const steps = await db.read("SELECT count(*) AS n FROM steps");
  assert.equal(Number(steps.rows[0]!.n), Object.values(expected).reduce((n, e) => n + e.steps, 0));
  // Learned once each, whatever batch a kill cut short: no strategy counts a trajectory twice.
  const learned = await db.read("SELECT count(*) AS n FROM learned_trajectories");
  assert.equal(Number(learned.rows[0]!.n), Object.keys(expected).length);
  const support = await db.read("SELECT coalesce(sum(support), 0) AS n FROM strategies");
  const sources = await db.read("SELECT count(*) AS n FROM strategy_sources");
  assert.equal(Number(support.rows[0]!.n), Number(sources.rows[0]!.n), "support counts each source once");
  assert.ok(Number(sources.rows[0]!.n) > 0);
}

Deno.test({
  name: "[kafka] kill -9 mid-stream, four times: every trajectory completes, no step twice, no event missing",
  ignore: withoutKafka,
  async fn() {
    const { lines, expected } = await realRuns();
    const total = Object.keys(expected).length;
    const topic = uniqueTopic("crash");
    const dir = await serviceDataDir("crash-test-");
    const env = {
      ...serviceEnv(dir),
      KAFKA_BROKERS: brokers().join(","),
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-group`,
      ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
    };
    await produce(topic, 4, []);
    const db = await openDatabase(env.ATLAS_DB_URL);
    const trajectories = new Trajectories(db);

    // Agents keep producing while the service dies and comes back.
    const messages: OutgoingMessage[] = lines.map((line) => ({ key: JSON.parse(line).data.trajectoryId, value: line }));
    const producing = (async () => {
      for (let i = 0; i < messages.length; i += 400) {
        await produce(topic, 4, messages.slice(i, i + 400));
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    const survivor = await chaos(() => startService(env), trajectories, total);
    await producing;
    await finish(survivor, db, dir, lines, expected);
  },
});

Deno.test({
  name: "embedded: kill -9 mid-stream, four times: every trajectory completes, no step twice, no event missing",
  async fn() {
    const { lines, expected } = await realRuns();
    const total = Object.keys(expected).length;
    const dir = await serviceDataDir("crash-test-");
    const env = serviceEnv(dir);
    const db = await openDatabase(env.ATLAS_DB_URL);
    const trajectories = new Trajectories(db);
    let current: Service | undefined;

    // A client that retries a batch until a live service answers 202: what a
    // producer does when its POST dies with the process.
    const posting = (async () => {
      for (let i = 0; i < lines.length; i += 200) {
        const body = `[${lines.slice(i, i + 200).join(",")}]`;
        await waitFor(async () => {
          const response = await fetch(`${current!.url}/v1/events`, {
            method: "POST",
            headers: { "content-type": "application/cloudevents-batch+json" },
            body,
          });
          await response.body?.cancel();
          return response.status === 202;
        }, { timeoutMs: 60_000, intervalMs: 100, message: "a batch accepted" });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    })();
    const survivor = await chaos(async () => (current = await startService(env)), trajectories, total);
    await posting;
    await finish(survivor, db, dir, lines, expected);
  },
});
