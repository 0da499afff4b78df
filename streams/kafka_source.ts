/**
 * The Kafka source: a kafkajs consumer in a consumer group, read with `eachBatch`.
 * Offsets are not Kafka's to keep: on every assignment the new partitions are held
 * paused until they are moved to the offsets stored with the state in libSQL, then
 * released. Kafka's committed offsets follow behind, for lag monitoring only.
 *
 * No broker failure ends it: a consumer that crashes for good is replaced (see
 * `ConsumerSupervisor`), its partitions revoked meanwhile; one that cannot connect at
 * start keeps trying, so the service starts without its broker.
 *
 * @module
 */
import type { Buffer } from "node:buffer";
import type { Admin, Consumer, Kafka } from "kafkajs";
import { Observable, type Subscriber } from "rxjs";
import type { Logger } from "../log.ts";
import { ConsumerSupervisor, type SourceHealth, startConsumer } from "./consumer_supervisor.ts";
import type { EventSource, SourceRecord, SourceSignal, StoredOffsets } from "./source.ts";

export interface KafkaSourceOptions {
  topic: string;
  groupId: string;
  /** @default 10000: how soon a dead member's partitions move to the others. */
  sessionTimeoutMs?: number;
  /** @default 250: the longest a fetch waits for data, hence the longest a stop waits. */
  maxWaitTimeMs?: number;
  /** Before each consumer connects (creating missing topics): a failure is retried like the broker's. */
  prepare?: () => Promise<void>;
  /** Called each time a failed consumer is replaced (metrics). */
  restarted?: () => void;
  /** @default { initialMs: 500, maxMs: 30_000 } */
  backoff?: { initialMs: number; maxMs: number };
}

/** How old the high watermarks may be before `liveAt` asks for them again. */
const marksMaxAgeMs = 200;

export class KafkaSource implements EventSource {
  readonly kind = "kafka";
  readonly topic: string;
  /** The consumer of the current session; a new one replaces it after a failure. */
  #consumer: Consumer | undefined;
  /** Ends the current session (its consumer is then replaced). */
  #endSession: (error: Error) => void = () => {};
  #supervisor: ConsumerSupervisor | undefined;
  /** Partitions this member owns, per the last assignment. */
  #owned = new Set<number>();
  /** Partitions held paused until they have been moved to their stored offsets. */
  readonly #seeking = new Set<number>();
  #backpressure = false;
  /** Per partition, the offset after the last record emitted (or control record passed) since it was sought. */
  readonly #emitted = new Map<number, number>();
  /**
   * The partitions' high watermarks as the broker gave them, and when they were asked
   * for: a partition emitted up to its mark has emitted everything appended before then.
   */
  #marks: { askedAt: number; high: Map<number, number> } | undefined;
  #asking = false;
  /** For the topic's offsets, at assignments and for `liveAt`. */
  #admin: Admin | undefined;
  /** Per partition, the offset that ends the backlog present at assignment. */
  #backlogEnds = new Map<number, number>();
  #running = false;
  #storedOffsets: StoredOffsets = () => Promise.resolve(new Map());
  #subscriber: Subscriber<SourceSignal> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaSourceOptions,
    private readonly log: Logger,
  ) {
    this.topic = options.topic;
  }

  /** Reading, or down and why, and how many times its consumer was replaced. */
  get health(): SourceHealth {
    return this.#supervisor?.health ?? { up: false, reason: "not started", restarts: 0 };
  }

  start(storedOffsets: StoredOffsets): Observable<SourceSignal> {
    return new Observable<SourceSignal>((subscriber) => {
      this.#storedOffsets = storedOffsets;
      this.#subscriber = subscriber;
      const supervisor = new ConsumerSupervisor({
        name: `kafka source (topic ${this.topic})`,
        session: (ended) => this.#session(subscriber, ended),
        sessionEnded: () => this.#lose(subscriber),
        fatal: (error) => subscriber.error(error),
        restarted: () => this.options.restarted?.(),
        log: this.log,
        ...(this.options.backoff && { backoff: this.options.backoff }),
      });
      this.#supervisor = supervisor;
      supervisor.start();
      return () => {
        this.#running = false;
      };
    });
  }

  /** A fresh consumer, joined and reading; `ended` when it crashes for good. */
  async #session(subscriber: Subscriber<SourceSignal>, ended: (error: Error) => void): Promise<Consumer> {
    const { topic, options } = this;
    await options.prepare?.();
    this.#endSession = ended;
    const settings = { ...options, sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000 };
    const attach = (consumer: Consumer) => {
      this.#consumer = consumer;
      // Runs synchronously inside kafkajs's join, before it fetches from the new assignment.
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        void this.#hold((payload.memberAssignment[topic] ?? []) as number[]);
      });
      // A batch of transaction markers alone never reaches eachBatch; kafkajs reports it here. Taken only
      // when it continues from where the partition stands (a batch from before a seek does not).
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const emitted = this.#emitted.get(payload.partition);
        const first = Number(payload.firstOffset);
        if (emitted !== undefined && payload.firstOffset !== null && first <= emitted) {
          this.#emitted.set(payload.partition, Math.max(emitted, Number(payload.lastOffset) + 1));
        }
      });
    };
    const hooks = { supervisor: this.#supervisor!, ended, attach, subscribed: () => (this.#running = true) };
    return await startConsumer(this.kafka, settings, hooks, () => ({
      autoCommit: false,
      eachBatch: ({ batch, isStale }) => {
        if (isStale() || !this.#owned.has(batch.partition)) return Promise.resolve();
        const records: SourceRecord[] = batch.messages.map((m) => ({
          position: { topic, partition: batch.partition, offset: Number(m.offset) },
          key: m.key?.toString() ?? null,
          headers: flattenHeaders(m.headers),
          timestamp: Number(m.timestamp),
          ...valueOf(m.value),
        }));
        if (records.length) subscriber.next({ kind: "records", records });
        const next = Number(batch.lastOffset()) + 1;
        this.#emitted.set(batch.partition, next);
        this.#progress(batch.partition, next, subscriber);
        return Promise.resolve();
      },
    }));
  }

  /** The session ended: its partitions are no longer this process's until the next assignment. */
  #lose(subscriber: Subscriber<SourceSignal>): void {
    this.#running = false;
    this.#emitted.clear();
    this.#consumer = undefined;
    const lost = [...this.#owned];
    this.#owned = new Set();
    this.#seeking.clear();
    this.#backlogEnds = new Map();
    if (lost.length) subscriber.next({ kind: "revoked", partitions: lost });
  }

  /**
   * Up to when `partition`'s log has been emitted: when the broker's high watermark was
   * last asked for, if this partition has emitted up to it since; else 0 (behind, paused,
   * moving, not ours, or the broker away). Asks again, in the background, when the answer
   * is old.
   */
  liveAt(partition: number): number {
    this.#askForMarks();
    const marks = this.#marks;
    const emitted = this.#emitted.get(partition);
    const reading = this.#owned.has(partition) && !this.#seeking.has(partition) && !this.#backpressure;
    if (!marks || emitted === undefined || !reading) return 0;
    return emitted >= (marks.high.get(partition) ?? Infinity) ? marks.askedAt : 0;
  }

  #askForMarks(): void {
    if (this.#asking || (this.#marks && Date.now() - this.#marks.askedAt < marksMaxAgeMs)) return;
    this.#asking = true;
    const askedAt = Date.now();
    this.#watermarks()
      .then((marks) => (this.#marks = { askedAt, high: new Map([...marks].map(([p, { high }]) => [p, high])) }))
      // The broker is away: no new marks, so no deadline passes for want of what it holds.
      .catch(() => {})
      .finally(() => (this.#asking = false));
  }

  pause(): void {
    this.#backpressure = true;
    if (this.#running) this.#consumer?.pause([{ topic: this.topic }]);
  }

  resume(): void {
    this.#backpressure = false;
    const ready = [...this.#owned].filter((p) => !this.#seeking.has(p));
    if (this.#running && ready.length) this.#consumer?.resume([{ topic: this.topic, partitions: ready }]);
  }

  async committed(next: Map<number, number>): Promise<void> {
    const offsets = [...next]
      .filter(([p]) => this.#owned.has(p))
      .map(([partition, offset]) => ({ topic: this.topic, partition, offset: String(offset) }));
    if (!offsets.length || !this.#running || !this.#consumer) return;
    try {
      await this.#consumer.commitOffsets(offsets);
    } catch (error) {
      // Only lag monitoring depends on these; the stored offsets are the truth.
      this.log.debug("kafka offset commit failed", { error: error as Error });
    }
  }

  /** Runs the assignment again: hold, seek to the stored offsets, release; kafkajs marks older fetches stale. */
  rewind(): Promise<void> {
    return this.#hold([...this.#owned]);
  }

  async close(): Promise<void> {
    this.#running = false;
    await this.#supervisor?.stop();
    await this.#admin?.disconnect().catch(() => {});
  }

  /** Pauses the partitions now, then moves them to their stored offsets and releases them. */
  #hold(assigned: number[]): Promise<void> {
    const consumer = this.#consumer;
    if (!consumer) return Promise.resolve();
    if (assigned.length) consumer.pause([{ topic: this.topic, partitions: assigned }]);
    for (const p of assigned) this.#seeking.add(p);
    // What was emitted before the seek is dropped downstream: the count starts again at the seek.
    for (const p of assigned) this.#emitted.delete(p);
    const subscriber = this.#subscriber!;
    return this.#assign(consumer, assigned, subscriber).catch((error) => {
      // The broker or the store failed between the join and the seek: this consumer is replaced.
      if (this.#consumer === consumer) this.#endSession(error);
    });
  }

  async #assign(consumer: Consumer, assigned: number[], subscriber: Subscriber<SourceSignal>): Promise<void> {
    const revoked = [...this.#owned].filter((p) => !assigned.includes(p));
    this.#owned = new Set(assigned);
    if (revoked.length) subscriber.next({ kind: "revoked", partitions: revoked });
    const [stored, watermarks] = await Promise.all([this.#storedOffsets(assigned), this.#watermarks()]);
    this.#backlogEnds = new Map();
    for (const partition of assigned) {
      const mark = watermarks.get(partition) ?? { low: 0, high: 0 };
      const start = Math.max(stored.get(partition) ?? mark.low, mark.low);
      consumer.seek({ topic: this.topic, partition, offset: String(start) });
      this.#emitted.set(partition, start);
      if (start < mark.high) this.#backlogEnds.set(partition, mark.high);
      this.#seeking.delete(partition);
    }
    subscriber.next({ kind: "assigned", partitions: assigned });
    if (this.#backlogEnds.size === 0) subscriber.next({ kind: "caught-up" });
    if (!this.#backpressure && assigned.length) consumer.resume([{ topic: this.topic, partitions: assigned }]);
    this.log.info("partitions assigned", {
      topic: this.topic,
      partitions: assigned,
      stored: Object.fromEntries(stored),
    });
  }

  /** Marks a partition's backlog as read; emits caught-up when the last one is. */
  #progress(partition: number, next: number, subscriber: Subscriber<SourceSignal>): void {
    const end = this.#backlogEnds.get(partition);
    if (end === undefined || next < end) return;
    this.#backlogEnds.delete(partition);
    if (this.#backlogEnds.size === 0) subscriber.next({ kind: "caught-up" });
  }

  /** The topic's low and high offsets per partition, through one admin client kept open (reopened after a failure). */
  async #watermarks(): Promise<Map<number, { low: number; high: number }>> {
    try {
      this.#admin ??= this.kafka.admin();
      await this.#admin.connect();
      const offsets = await this.#admin.fetchTopicOffsets(this.topic);
      return new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
    } catch (error) {
      void this.#admin?.disconnect().catch(() => {});
      this.#admin = undefined;
      throw error;
    }
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The value as text; bytes that are not UTF-8 are kept as base64 for the dead letter, not replaced. */
function valueOf(value: Buffer | null): Pick<SourceRecord, "value" | "undecodable"> {
  if (!value) return { value: "" };
  try {
    return { value: utf8.decode(value) };
  } catch {
    return { value: value.toString("base64"), undecodable: "message is not valid UTF-8" };
  }
}

function flattenHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== null) out[name] = String(first);
  }
  return out;
}
