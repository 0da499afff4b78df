/**
 * `deno task bench:group`: scale-out. The bench fleet (≥ 200,000 real-shaped events)
 * through one service process, then through two processes of one consumer group on
 * the same 6 partitions sharing one database, each run from its first offset
 * persisted to its last, and on to the last trajectory learned. Each process is the
 * real service (`deno task start`'s command and permissions); what limits the pair is
 * read from the processes' CPU time against the machine's cores.
 *
 * @module
 */
import { silentLogger } from "../log.ts";
import { type Database, openDatabase } from "../store/database.ts";
import { createKafka, ensureTopics } from "../streams/kafka_client.ts";
import { KafkaProducer, type OutgoingMessage } from "../streams/kafka_producer.ts";
import { type Service, serviceDataDir, startService } from "../tests/support/service.ts";
import { realFleet } from "./fleet.ts";
import { until } from "./until.ts";

const brokers = (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(",");
const minSteps = Number(Deno.env.get("BENCH_STEPS") ?? 200_000);
const partitions = 6;
const kafka = createKafka({ brokers, clientId: "atlas-group-bench" }, silentLogger);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
/** User and system CPU seconds a process has used so far (whole seconds: `ps`, since Deno reads /proc/<pid> only with -A). */
async function cpuSeconds(pid: number): Promise<number> {
  const { stdout } = await new Deno.Command("ps", { args: ["-o", "times=", "-p", String(pid)] }).output();
  return Number(new TextDecoder().decode(stdout).trim());
}

async function ready(service: Service): Promise<boolean> {
  const response = await fetch(`${service.url}/readyz`);
  await response.body?.cancel();
  return response.ok;
}

interface Run {
  ingestMs: number;
  learnedMs: number;
  cpu: number[];
}

/** `processes` services in one group on a fresh topic and database; the fleet produced once all are ready. */
async function run(processes: number, messages: readonly OutgoingMessage[], trajectories: number): Promise<Run> {
  const topic = `bench-group-${processes}-${Date.now()}`;
  await ensureTopics(kafka, [topic], partitions);
  const dir = await serviceDataDir("group-bench-");
  const env = {
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    KAFKA_BROKERS: brokers.join(","),
    ATLAS_TRACES_TOPIC: topic,
    ATLAS_CONSUMER_GROUP: `${topic}-atlas`,
    ATLAS_CLOSE_GRACE_MS: "200",
    ATLAS_MAX_IN_FLIGHT: "50000",
  };
  const services: Service[] = [];
  let db: Database | undefined;
  try {
    for (let i = 0; i < processes; i++) services.push(await startService(env));
    for (const service of services) await until(() => ready(service), 100);
    // The last join rebalanced the group: let it settle before the traffic arrives.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    db = await openDatabase(env.ATLAS_DB_URL);
    const scalar = async (sql: string) => Number((await db!.read(sql)).rows[0]!.n);
    const cpuBefore = await Promise.all(services.map((s) => cpuSeconds(s.process.pid)));

    const producer = new KafkaProducer(kafka);
    const producing = (async () => {
      for (let i = 0; i < messages.length; i += 5_000) await producer.send(topic, messages.slice(i, i + 5_000));
      await producer.disconnect();
    })();
    const offsets = "SELECT coalesce(sum(next_offset), 0) AS n FROM consumer_offsets";
    await until(async () => (await scalar(offsets)) > 0, 2);
    const first = performance.now();
    await until(async () => (await scalar(offsets)) >= messages.length, 10);
    const ingestMs = performance.now() - first;
    await until(async () => (await scalar("SELECT count(*) AS n FROM learned_trajectories")) >= trajectories, 10);
    const learnedMs = performance.now() - first;
    await producing;
    const cpuAfter = await Promise.all(services.map((s) => cpuSeconds(s.process.pid)));
    return { ingestMs, learnedMs, cpu: cpuAfter.map((after, i) => after - cpuBefore[i]!) };
  } finally {
    db?.close();
    for (const service of services) await service.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const fleet = await realFleet(minSteps);
  const total = fleet.messages.length;
  const cores = navigator.hardwareConcurrency;
  console.log(
    `scale-out: ${total} events (${fleet.trajectories} trajectories) on ${partitions} partitions, ${cores} cores`,
  );
  const results = new Map<number, Run>();
  for (const processes of [1, 2]) {
    const r = await run(processes, fleet.messages, fleet.trajectories);
    results.set(processes, r);
    const cpu = r.cpu.reduce((a, b) => a + b, 0);
    console.log(
      `  ${processes} process${processes > 1 ? "es" : "  "}: ingest ${rate(total, r.ingestMs)} events/s, ` +
        `end to end ${rate(total, r.learnedMs)} events/s, ${rate(fleet.trajectories, r.learnedMs)} trajectories/s; ` +
        `CPU ${r.cpu.map((s) => `${s.toFixed(1)} s`).join(" + ")} in ${(r.learnedMs / 1000).toFixed(1)} s ` +
        `(${(cpu / (r.learnedMs / 1000)).toFixed(2)} of ${cores} cores)`,
    );
  }
  const [one, two] = [results.get(1)!, results.get(2)!];
  console.log(`ratio     two processes / one, ingest = ${(one.ingestMs / two.ingestMs).toFixed(2)}`);
  console.log(`ratio     two processes / one, end to end = ${(one.learnedMs / two.learnedMs).toFixed(2)}`);
}
