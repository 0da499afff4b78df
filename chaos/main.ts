/**
 * `deno task chaos [--short] [--seed=N]`: the nemesis suite, after Kafka's
 * `streams_eos_test` and Jepsen. A seeded stream of real-shaped events (200,000, or
 * 20,000 with `--short`) goes through two service processes of one consumer group
 * sharing one libSQL file, on a broker of the suite's own, while the nemeses strike
 * at seeded random moments: kill -9 (20 times, 4 short), a member frozen past its
 * session and woken, the broker restarted, the disk full, snapshots cut in half, and
 * malformed inputs over HTTP and Kafka (10,000, 1,000 short). Then the verifier reads
 * the store and prints `ALL-RECORDS-DELIVERED` only when every trajectory holds
 * exactly its steps, once, with its outcome; else what was lost or doubled. Needs
 * Java 17, `prlimit` and the Kafka jars (`deploy/kafka`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { seededRandom } from "../learning/seeded_random.ts";
import { closeGraceMs, Cluster } from "./cluster.ts";
import {
  brokerRestart,
  corruptSnapshots,
  diskFull,
  type Fault,
  kill9,
  malformedFlood,
  type MalformedOutcome,
  zombie,
} from "./nemeses.ts";
import { type ChaosStream, chaosStream } from "./stream.ts";
import { verify } from "./verify.ts";

const { values } = parseArgs({ args: Deno.args, options: { short: { type: "boolean" }, seed: { type: "string" } } });
const seed = Number(values.seed ?? 20261206);
const plan = values.short
  ? { events: 20_000, kills: 4, corrupt: 2, malformed: 1_000, seconds: 60, finishS: 240 }
  : { events: 200_000, kills: 20, corrupt: 3, malformed: 10_000, seconds: 300, finishS: 900 };
const random = seededRandom(seed);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(line);

type Nemesis = (cluster: Cluster) => Promise<Fault>;

/** The faults in a seeded order; each kill picks its victim and how long it stays down. */
function schedule(): { name: string; run: Nemesis }[] {
  const faults: { name: string; run: Nemesis }[] = [];
  for (let k = 0; k < plan.kills; k++) {
    const victim = Math.floor(random() * 2);
    const downMs = Math.floor(random() * 2_000);
    faults.push({ name: "kill -9", run: (c) => kill9(c, victim, downMs) });
  }
  const frozen = Math.floor(random() * 2);
  faults.push({ name: "zombie", run: (c) => zombie(c, frozen) });
  faults.push({ name: "broker", run: (c) => brokerRestart(c, 2_000) });
  faults.push({ name: "disk", run: (c) => diskFull(c, 4_000) });
  faults.push({ name: "corrupt", run: (c) => corruptSnapshots(c, plan.corrupt, random) });
  faults.push({ name: "malformed", run: (c) => malformedFlood(c, plan.malformed, seed) });
  for (let i = faults.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [faults[i], faults[j]] = [faults[j]!, faults[i]!];
  }
  return faults;
}

async function main(): Promise<number> {
  const stream = await chaosStream(plan.events, seed);
  say(
    `chaos: seed ${seed}, ${stream.events} events (${stream.expected.size} trajectories, ${stream.repeats} sent twice)`,
  );
  const cluster = await Cluster.start({
    brokerPort: 19292,
    topic: `chaos-${seed}-${Date.now()}`,
    partitions: 6,
    sessionTimeoutMs: 6_000,
  });
  try {
    return await run(stream, cluster);
  } catch (error) {
    await cluster.abort();
    throw error;
  }
}

async function run(stream: ChaosStream, cluster: Cluster): Promise<number> {
  const started = performance.now();
  const faults: Fault[] = [];
  let producerRetries = 0;
  const producing = (async () => {
    // Small sends, often: a trajectory's events go out within its close grace, as an agent sends them.
    const chunk = 100;
    const perChunkMs = (plan.seconds * 1_000) / Math.ceil(stream.messages.length / chunk);
    for (let i = 0; i < stream.messages.length; i += chunk) {
      const due = started + (i / chunk) * perChunkMs;
      await pause(Math.max(0, due - performance.now()));
      producerRetries += await cluster.produce(stream.messages.slice(i, i + chunk));
    }
  })();
  const nemeses = schedule();
  const slotMs = (plan.seconds * 1_000) / nemeses.length;
  for (const [n, nemesis] of nemeses.entries()) {
    const due = started + n * slotMs + random() * slotMs * 0.5;
    await pause(Math.max(0, due - performance.now()));
    const fault = await nemesis.run(cluster);
    faults.push(fault);
    say(`  ${fault.kind}: ${fault.detail}; ready again in ${fault.recoveredMs} ms`);
  }
  await producing;
  const url = cluster.env.ATLAS_DB_URL!;
  const deadline = performance.now() + plan.finishS * 1_000;
  while ((await cluster.completed()) < stream.expected.size && performance.now() < deadline) await pause(500);
  const drainedS = (performance.now() - started) / 1_000;
  const exitCodes = await cluster.stop();

  const malformed = faults.find((f): f is MalformedOutcome => f.kind === "malformed")!;
  const corrupted = faults.flatMap((f) => ("ids" in f ? f.ids as string[] : []));
  const verdict = await verify(url, {
    trajectories: stream.expected,
    events: stream.events,
    malformedOnTopic: malformed.kafka,
    corrupted,
    ackedAt: cluster.ackedAt,
    closeGraceMs,
  });
  const problems = [...verdict.problems];
  for (const line of malformed.unanswered) problems.push(`malformed over HTTP not answered with a code: ${line}`);
  if (exitCodes.some((code) => code !== 0)) problems.push(`services exited with ${exitCodes.join(", ")} on stop`);

  const byKind = new Map<string, number[]>();
  for (const f of faults) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.recoveredMs]);
  say(`\nfaults injected: ${faults.length}`);
  for (const [kind, ms] of byKind) {
    const sorted = [...ms].sort((a, b) => a - b);
    say(
      `  ${kind.padEnd(26)} ×${String(ms.length).padStart(2)}  ready again: median ${
        sorted[Math.floor(sorted.length / 2)]
      } ms, max ${sorted.at(-1)} ms`,
    );
  }
  say(
    `events ${stream.events} (+${stream.repeats} repeats, +${malformed.kafka + malformed.http} malformed), ` +
      `trajectories ${stream.expected.size}, all learned by ${
        drainedS.toFixed(0)
      } s; producer retries ${producerRetries}`,
  );
  say(
    `lost ${verdict.lost}, doubled ${verdict.doubled}, rebuilt from steps ${verdict.rebuilt}, ` +
      `late after the grace by the broker's acknowledgement ${verdict.lateAfterGrace}`,
  );
  say(`dead letters ${JSON.stringify(verdict.deadLetters)}`);
  say(`malformed flood: RSS ${mib(malformed.rssBefore)} → peak ${mib(malformed.rssPeak)} MiB`);
  if (problems.length === 0) {
    say("ALL-RECORDS-DELIVERED");
    await Deno.remove(cluster.dir, { recursive: true });
    return 0;
  }
  say(`FAILED: ${problems.length} problem(s); the store is kept in ${cluster.dir}`);
  for (const problem of problems.slice(0, 30)) say(`  ${problem}`);
  return 1;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

if (import.meta.main) Deno.exit(await main());
