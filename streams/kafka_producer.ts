/**
 * Producing to Kafka: acknowledged by all in-sync replicas, keys partitioned the way
 * the Java client does (murmur2), so a trajectory's events land on one partition
 * whichever client sent them. Not kafkajs's idempotent mode: a retried send may
 * write an event twice, and the pipeline's (source, id) dedupe makes that harmless.
 *
 * kafkajs puts every message a send has for one partition into one record batch, and
 * a broker refuses a batch past its `message.max.bytes` (1 MiB by default): a large
 * send (an OTLP request of 15 MB becomes that many events) goes in slices, one after
 * the other, so each partition still receives its messages in order.
 *
 * @module
 */
import { type Kafka, Partitioners, type Producer } from "kafkajs";
import { compressionCodecs, type CompressionName } from "./codecs/kafka_codecs.ts";

export interface OutgoingMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

export class KafkaProducer {
  readonly #producer: Producer;
  #connected: Promise<void> | undefined;
  readonly #compression: (typeof compressionCodecs)[CompressionName];

  constructor(kafka: Kafka, options: { compression?: CompressionName } = {}) {
    this.#compression = compressionCodecs[options.compression ?? "none"];
    this.#producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Sends and waits for the acknowledgement of every replica in sync. */
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // A failed connect is tried again by the next send: the broker may be back by then.
    this.#connected ??= this.#producer.connect().catch((error) => {
      this.#connected = undefined;
      throw error;
    });
    await this.#connected;
    for (const slice of slices(messages)) {
      await this.#producer.send({
        topic,
        acks: -1,
        compression: this.#compression,
        messages: slice.map((m) => ({ key: m.key, value: m.value, ...(m.headers && { headers: m.headers }) })),
      });
    }
  }

  async disconnect(): Promise<void> {
    if (this.#connected) await this.#producer.disconnect();
  }
}

/** Most bytes of keys and values in one send: well under a broker's default 1 MiB batch, whatever the partitioning. */
export const maxSendBytes = 512 * 1024;

/** `messages` in order, cut into sends of at most `maxSendBytes` (a larger message alone in its own). */
export function slices(messages: readonly OutgoingMessage[], limit = maxSendBytes): OutgoingMessage[][] {
  const out: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = message.value.length + (message.key?.length ?? 0);
    if (current.length && size + bytes > limit) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}
