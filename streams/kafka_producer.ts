/**
 * Producing to Kafka: acknowledged by all in-sync replicas, keys partitioned the way
 * the Java client does (murmur2), so a trajectory's events land on one partition
 * whichever client sent them. Not kafkajs's idempotent mode: a retried send may
 * write an event twice, and the pipeline's (source, id) dedupe makes that harmless.
 *
 * @module
 */
import { type Kafka, Partitioners, type Producer } from "kafkajs";

export interface OutgoingMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

export class KafkaProducer {
  readonly #producer: Producer;
  #connected: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.#producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Sends and waits for the acknowledgement of every replica in sync. */
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    this.#connected ??= this.#producer.connect();
    await this.#connected;
    await this.#producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, ...(m.headers && { headers: m.headers }) })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.#connected) await this.#producer.disconnect();
  }
}
