/**
 * What the nemeses act on: a Kafka broker of the suite's own, two service processes
 * in one consumer group sharing one libSQL file (started as `deno task start` starts
 * them), and a producer that keeps sending through broker restarts.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { type Client, createClient } from "@libsql/client";
import type { Producer } from "kafkajs";
import { silentLogger } from "../log.ts";
import { createKafka, ensureTopics } from "../streams/kafka_client.ts";
import { KafkaProducer, type OutgoingMessage } from "../streams/kafka_producer.ts";
import { OwnBroker } from "../tests/support/own_broker.ts";
import { type Service, serviceDataDir, startService } from "../tests/support/service.ts";
import type { Malformed } from "./malformed.ts";

export interface ClusterOptions {
  brokerPort: number;
  topic: string;
  partitions: number;
  sessionTimeoutMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The services' close grace: how long a closed trajectory still takes steps. */
export const closeGraceMs = 2_000;

export class Cluster {
  readonly services: (Service | undefined)[] = [undefined, undefined];
  readonly #producer: KafkaProducer;
  readonly #raw: Producer;
  /** Messages the broker acknowledged. */
  produced = 0;
  /**
   * When the broker first acknowledged each event, by `source id`: no later than it was
   * in the log. A step acknowledged after its trajectory's grace was over is late by the
   * broker's account (a broker away holds the producer), not lost.
   */
  readonly ackedAt = new Map<string, number>();
  /** The services' database, as the nemeses and the progress checks read (and cut) it. */
  readonly store: Client;

  private constructor(
    readonly broker: OwnBroker,
    readonly dir: string,
    readonly env: Record<string, string>,
    readonly options: ClusterOptions,
  ) {
    const kafka = createKafka({ brokers: [broker.address], clientId: "atlas-chaos" }, silentLogger);
    this.#producer = new KafkaProducer(kafka);
    this.store = createClient({ url: env.ATLAS_DB_URL! });
    this.#raw = kafka.producer({ allowAutoTopicCreation: false });
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const broker = await OwnBroker.create(options.brokerPort);
    await broker.start();
    const kafka = createKafka({ brokers: [broker.address], clientId: "atlas-chaos" }, silentLogger);
    await ensureTopics(kafka, [options.topic], options.partitions);
    const dir = await serviceDataDir("chaos-");
    const env = {
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: broker.address,
      ATLAS_TRACES_TOPIC: options.topic,
      ATLAS_CONSUMER_GROUP: `${options.topic}-group`,
      ATLAS_KAFKA_SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs),
      ATLAS_BATCH_MAX_EVENTS: "1000",
      ATLAS_CLOSE_GRACE_MS: String(closeGraceMs),
      ATLAS_LOG_LEVEL: "warn",
    };
    const cluster = new Cluster(broker, dir, env, options);
    try {
      await Promise.all([cluster.start(0), cluster.start(1)]);
      await cluster.#raw.connect();
    } catch (error) {
      await cluster.abort();
      throw error;
    }
    return cluster;
  }

  /** Starts service `i` (after a kill) and waits until it answers. */
  async start(i: number): Promise<void> {
    this.services[i] = await startService(this.env, {
      logFile: `${this.dir}/service-${i}.log`,
      survivesFileSizeLimit: true,
    });
  }

  async kill9(i: number): Promise<void> {
    await this.services[i]?.kill9();
    this.services[i] = undefined;
  }

  signal(i: number, signal: "SIGSTOP" | "SIGCONT"): void {
    this.services[i]?.process.kill(signal);
  }

  /** Caps (or lifts) the size any file service `i` writes may reach: a full disk, as the process meets it. */
  async fileSizeLimit(i: number, bytes: number | "unlimited"): Promise<void> {
    const pid = this.services[i]?.process.pid;
    if (pid === undefined) return;
    const { code, stderr } = await new Deno.Command("prlimit", {
      args: ["--pid", String(pid), `--fsize=${bytes}:unlimited`],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`prlimit: ${new TextDecoder().decode(stderr)}`);
  }

  /** `/readyz` of service `i`: its status and error, or undefined when it does not answer. */
  async readiness(i: number): Promise<{ status: number; code?: string; details?: unknown } | undefined> {
    const service = this.services[i];
    if (!service) return undefined;
    try {
      const response = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      const body = await response.json();
      return { status: response.status, code: body.error?.code, details: body.error?.details };
    } catch {
      return undefined;
    }
  }

  /** The records the pipeline has applied so far: the stored offsets, summed. */
  async applied(): Promise<number> {
    return await this.#count("SELECT coalesce(sum(next_offset), 0) AS n FROM consumer_offsets");
  }

  /** Trajectories learned so far. */
  async completed(): Promise<number> {
    return await this.#count("SELECT count(*) AS n FROM trajectories WHERE state = 'completed'");
  }

  async #count(sql: string): Promise<number> {
    return Number((await this.store.execute(sql)).rows[0]!.n);
  }

  async allReady(): Promise<boolean> {
    const answers = await Promise.all([0, 1].map((i) => this.readiness(i)));
    return answers.every((a) => a?.status === 200);
  }

  /** Resident memory of service `i`, bytes (through `ps`: Deno reads /proc/<pid> only with -A). */
  async rss(i: number): Promise<number> {
    const pid = this.services[i]?.process.pid;
    if (pid === undefined) return 0;
    const { stdout } = await new Deno.Command("ps", { args: ["-o", "rss=", "-p", String(pid)], stdout: "piped" })
      .output();
    return Number(new TextDecoder().decode(stdout).trim() || 0) * 1024;
  }

  /** Sends `messages`, retrying while the broker is away (a repeat is the pipeline's to drop). */
  async produce(messages: readonly OutgoingMessage[]): Promise<number> {
    let retries = 0;
    for (;;) {
      try {
        await this.#producer.send(this.options.topic, messages);
        this.produced += messages.length;
        const now = Date.now();
        for (const { value } of messages) {
          const { source, id } = JSON.parse(value) as { source: string; id: string };
          const key = `${source} ${id}`;
          if (!this.ackedAt.has(key)) this.ackedAt.set(key, now);
        }
        return retries;
      } catch {
        retries++;
        await pause(500);
      }
    }
  }

  /** Sends malformed messages as they are: raw bytes, headers and all. */
  async produceRaw(messages: readonly Malformed[]): Promise<void> {
    for (const m of messages) {
      for (;;) {
        try {
          await this.#raw.send({
            topic: this.options.topic,
            acks: -1,
            messages: [{ key: Buffer.from("malformed"), value: m.value, headers: m.headers }],
          });
          this.produced++;
          break;
        } catch {
          await pause(500);
        }
      }
    }
  }

  /** Kills whatever still runs (after a failure of the suite itself). */
  async abort(): Promise<void> {
    await Promise.all([0, 1].map((i) => this.kill9(i).catch(() => {})));
    await this.stop().catch(() => {});
  }

  /** Stops both services gracefully, then the broker; the data stays for the verifier. */
  async stop(): Promise<number[]> {
    const codes = await Promise.all(this.services.map((s) => s?.stop() ?? Promise.resolve(0)));
    await this.#producer.disconnect().catch(() => {});
    await this.#raw.disconnect().catch(() => {});
    this.store.close();
    await this.broker.remove();
    return codes;
  }
}
