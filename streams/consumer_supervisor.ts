/**
 * Keeps a kafkajs consumer running whatever the broker does. kafkajs retries what it
 * deems retriable and restarts itself after that; on anything else (a broker gone past
 * its retries at connect, a fetch it cannot decode, a coordinator it cannot find) its
 * consumer crashes for good. Here a session that ends that way is replaced by a new
 * consumer after a capped, jittered back-off, for ever, and its health says why it is
 * down. Only a configuration error the operator must fix (authentication, authorization)
 * stops it, with a message saying what to change.
 *
 * @module
 */
import type { Consumer, ConsumerRunConfig, Kafka } from "kafkajs";
import { AtlasError } from "../errors.ts";
import type { Logger } from "../log.ts";

/** Whether a source is reading, and if not, why. */
export interface SourceHealth {
  up: boolean;
  /** Why it is down, or what last took it down. */
  reason: string | null;
  /** Sessions replaced after a failure, since start. */
  restarts: number;
}

export interface SupervisorOptions {
  /** Names the consumer in logs and in the health reason. */
  name: string;
  /**
   * Creates, connects, subscribes and runs a fresh consumer; `ended` is to be called
   * when it crashes for good (kafkajs's CRASH with `restart: false`).
   */
  session(ended: (error: Error) => void): Promise<Consumer>;
  /** A session ended: what it owned (partitions) is no longer owned. */
  sessionEnded(): void;
  /** A configuration error: the supervisor stops and hands it over. */
  fatal(error: AtlasError): void;
  /** Counts restarts (metrics). */
  restarted(): void;
  log: Logger;
  /** @default { initialMs: 500, maxMs: 30_000 } */
  backoff?: { initialMs: number; maxMs: number };
}

export class ConsumerSupervisor {
  #health: SourceHealth = { up: false, reason: "starting", restarts: 0 };
  #consumer: Consumer | undefined;
  #stopped = false;
  readonly #stop = Promise.withResolvers<void>();
  #loop: Promise<void> = Promise.resolve();

  constructor(private readonly options: SupervisorOptions) {}

  get health(): SourceHealth {
    return { ...this.#health };
  }

  /** The session is reading (it was assigned its partitions). */
  up(): void {
    this.#health = { ...this.#health, up: true, reason: null };
  }

  /** kafkajs reported a failure it restarts from itself: down until the next assignment. */
  down(reason: string): void {
    this.options.log.warn(`${this.options.name}: consumer failed; kafkajs restarts it`, { error: reason });
    this.#health = { ...this.#health, up: false, reason };
  }

  start(): void {
    this.#loop = this.#run();
  }

  /** Ends the running session and stops replacing it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stop.resolve();
    await this.#loop;
    await this.#consumer?.disconnect().catch(() => {});
    this.#consumer = undefined;
  }

  async #run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    let failures = 0;
    while (!this.#stopped) {
      const ended = Promise.withResolvers<Error>();
      let error: Error;
      try {
        this.#consumer = await this.options.session((e) => ended.resolve(e));
        if (this.#stopped) return;
        failures = 0;
        const first = await Promise.race([ended.promise, this.#stop.promise]);
        if (this.#stopped || !first) return;
        error = first;
      } catch (thrown) {
        error = thrown instanceof Error ? thrown : new Error(String(thrown));
      }
      if (this.#stopped) return;
      const fatal = configurationError(this.options.name, error);
      if (fatal) {
        this.#health = { ...this.#health, up: false, reason: fatal.message };
        this.options.log.error(`${this.options.name}: stopped on a configuration error`, { error: fatal.message });
        this.options.fatal(fatal);
        return;
      }
      failures++;
      const delay = Math.min(maxMs, initialMs * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
      this.#health = { up: false, reason: error.message, restarts: this.#health.restarts + 1 };
      this.options.log.warn(`${this.options.name}: consumer stopped; starting a new one`, {
        error: error.message,
        inMs: Math.round(delay),
        restarts: this.#health.restarts,
      });
      const consumer = this.#consumer;
      this.#consumer = undefined;
      this.options.sessionEnded();
      this.options.restarted();
      await consumer?.disconnect().catch(() => {});
      await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), this.#stop.promise]);
    }
  }
}

/** What a source's consumer is: one member of a group reading one topic. */
export interface ConsumerSettings {
  topic: string;
  groupId: string;
  /** How soon a dead member's partitions move to the others. */
  sessionTimeoutMs: number;
  /** @default 250: the longest a fetch waits for data, hence the longest a stop waits. */
  maxWaitTimeMs?: number;
}

/** What a session gives `startConsumer`: where its crashes go, and its own hooks. */
export interface SessionHooks {
  supervisor: ConsumerSupervisor;
  /** The session's `ended`: called when the consumer crashes for good. */
  ended: (error: Error) => void;
  /** Before it connects: its own event listeners. */
  attach?: (consumer: Consumer) => void;
  /** Subscribed, about to run: from here on it may be paused. */
  subscribed?: () => void;
}

/**
 * A session's consumer, created, connected, subscribed to its topic from the start (a
 * new group reads the whole topic) and run. Its crashes go to the supervisor: one kafkajs
 * restarts from marks the source down until its next assignment, any other ends the
 * session. One that fails to start is disconnected before the error is thrown.
 */
export async function startConsumer(
  kafka: Kafka,
  settings: ConsumerSettings,
  hooks: SessionHooks,
  run: (consumer: Consumer) => ConsumerRunConfig,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: settings.groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    rebalanceTimeout: 2 * settings.sessionTimeoutMs,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: settings.maxWaitTimeMs ?? 250,
    allowAutoTopicCreation: false,
  });
  consumer.on(consumer.events.GROUP_JOIN, () => hooks.supervisor.up());
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) hooks.supervisor.down(payload.error.message);
    else hooks.ended(payload.error);
  });
  hooks.attach?.(consumer);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: settings.topic, fromBeginning: true });
    hooks.subscribed?.();
    await consumer.run(run(consumer));
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw error;
  }
  return consumer;
}

/**
 * The errors no retry mends: the brokers refuse who we are or what we ask. The
 * message names what to change.
 */
export function configurationError(name: string, error: Error): AtlasError | undefined {
  const type = String((error as { type?: unknown }).type ?? "");
  if (error.name === "KafkaJSSASLAuthenticationError" || type === "SASL_AUTHENTICATION_FAILED") {
    return new AtlasError("E7500", `${name}: the brokers refused the credentials (${error.message}): check them`);
  }
  if (/AUTHORIZATION_FAILED$/.test(type)) {
    return new AtlasError(
      "E7500",
      `${name}: the brokers refused access (${type}): grant this client the topic and group ACLs, or change ` +
        `ATLAS_TRACES_TOPIC / ATLAS_CONSUMER_GROUP`,
    );
  }
  return undefined;
}
