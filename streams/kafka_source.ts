/**
 * The Kafka source: a kafkajs consumer in a consumer group, read with `eachBatch`.
 * Offsets are not Kafka's to keep: on every assignment the new partitions are held
 * paused until they are moved to the offsets stored with the state in libSQL, then
 * released. Kafka's committed offsets follow behind, for lag monitoring only.
 *
 * @module
 */
import type { Consumer, Kafka } from "kafkajs";
import { Observable, type Subscriber } from "rxjs";
import type { Logger } from "../log.ts";
import type { EventSource, SourceRecord, SourceSignal, StoredOffsets } from "./source.ts";

export interface KafkaSourceOptions {
  topic: string;
  groupId: string;
  /** @default 10000: how soon a dead member's partitions move to the others. */
  sessionTimeoutMs?: number;
  /** @default 250: the longest a fetch waits for data, hence the longest a stop waits. */
  maxWaitTimeMs?: number;
}

export class KafkaSource implements EventSource {
  readonly kind = "kafka";
  readonly topic: string;
  readonly #consumer: Consumer;
  /** Partitions this member owns, per the last assignment. */
  #owned = new Set<number>();
  /** Partitions held paused until they have been moved to their stored offsets. */
  readonly #seeking = new Set<number>();
  #backpressure = false;
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
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      rebalanceTimeout: 2 * (options.sessionTimeoutMs ?? 10_000),
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 250,
      allowAutoTopicCreation: false,
    });
  }

  start(storedOffsets: StoredOffsets): Observable<SourceSignal> {
    return new Observable<SourceSignal>((subscriber) => {
      const consumer = this.#consumer;
      const topic = this.topic;
      this.#storedOffsets = storedOffsets;
      this.#subscriber = subscriber;
      // Runs synchronously inside kafkajs's join, before it fetches from the new assignment.
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        this.#hold((payload.memberAssignment[topic] ?? []) as number[]);
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.log.error("kafka consumer crashed", { error: payload.error, restart: payload.restart });
        if (!payload.restart) subscriber.error(payload.error);
      });
      const run = async () => {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        this.#running = true;
        await consumer.run({
          autoCommit: false,
          eachBatch: ({ batch, isStale }) => {
            if (isStale() || !this.#owned.has(batch.partition)) return Promise.resolve();
            const records: SourceRecord[] = batch.messages.map((m) => ({
              position: { topic, partition: batch.partition, offset: Number(m.offset) },
              key: m.key?.toString() ?? null,
              value: m.value?.toString() ?? "",
              headers: flattenHeaders(m.headers),
              timestamp: Number(m.timestamp),
            }));
            if (records.length) subscriber.next({ kind: "records", records });
            this.#progress(batch.partition, Number(batch.lastOffset()) + 1, subscriber);
            return Promise.resolve();
          },
        });
      };
      run().catch((error) => subscriber.error(error));
      return () => {
        this.#running = false;
      };
    });
  }

  pause(): void {
    this.#backpressure = true;
    if (this.#running) this.#consumer.pause([{ topic: this.topic }]);
  }

  resume(): void {
    this.#backpressure = false;
    const ready = [...this.#owned].filter((p) => !this.#seeking.has(p));
    if (this.#running && ready.length) this.#consumer.resume([{ topic: this.topic, partitions: ready }]);
  }

  async committed(next: Map<number, number>): Promise<void> {
    const offsets = [...next]
      .filter(([p]) => this.#owned.has(p))
      .map(([partition, offset]) => ({ topic: this.topic, partition, offset: String(offset) }));
    if (!offsets.length || !this.#running) return;
    try {
      await this.#consumer.commitOffsets(offsets);
    } catch (error) {
      // Only lag monitoring depends on these; the stored offsets are the truth.
      this.log.debug("kafka offset commit failed", { error: error as Error });
    }
  }

  /** Runs the assignment again: hold, seek to the stored offsets, release. */
  rewind(): Promise<void> {
    this.#hold([...this.#owned]);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.#running = false;
    await this.#consumer.disconnect();
  }

  /** Pauses the partitions now, then moves them to their stored offsets and releases them. */
  #hold(assigned: number[]): void {
    if (assigned.length) this.#consumer.pause([{ topic: this.topic, partitions: assigned }]);
    for (const p of assigned) this.#seeking.add(p);
    const subscriber = this.#subscriber!;
    this.#assign(assigned, subscriber).catch((error) => subscriber.error(error));
  }

  async #assign(assigned: number[], subscriber: Subscriber<SourceSignal>): Promise<void> {
    const revoked = [...this.#owned].filter((p) => !assigned.includes(p));
    this.#owned = new Set(assigned);
    if (revoked.length) subscriber.next({ kind: "revoked", partitions: revoked });
    const [stored, watermarks] = await Promise.all([this.#storedOffsets(assigned), this.#watermarks()]);
    this.#backlogEnds = new Map();
    for (const partition of assigned) {
      const mark = watermarks.get(partition) ?? { low: 0, high: 0 };
      const start = Math.max(stored.get(partition) ?? mark.low, mark.low);
      this.#consumer.seek({ topic: this.topic, partition, offset: String(start) });
      if (start < mark.high) this.#backlogEnds.set(partition, mark.high);
      this.#seeking.delete(partition);
    }
    subscriber.next({ kind: "assigned", partitions: assigned });
    if (this.#backlogEnds.size === 0) subscriber.next({ kind: "caught-up" });
    if (!this.#backpressure && assigned.length) this.#consumer.resume([{ topic: this.topic, partitions: assigned }]);
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

  async #watermarks(): Promise<Map<number, { low: number; high: number }>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topic);
      return new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
    } finally {
      await admin.disconnect();
    }
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
