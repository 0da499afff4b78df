/**
 * The Kafka target: events produced to the traces topic in structured mode (the
 * value is the line as written, the key its trajectory), each batch acknowledged by
 * every in-sync replica before the next is read.
 *
 * @module
 */
import type { Kafka } from "kafkajs";
import { AtlasError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import { createKafka, ensureTopics } from "../kafka_client.ts";
import type { CompressionName } from "../codecs/kafka_codecs.ts";
import { KafkaProducer } from "../kafka_producer.ts";
import { probeBrokers } from "./broker_probe.ts";
import type { BatchOutcome, EventLine, ReplayTarget } from "./target.ts";

/** Where to produce. */
export interface KafkaTargetOptions {
  brokers: readonly string[];
  topic: string;
  /** Create the topic when it is missing, rather than fail. */
  createTopic: boolean;
  compression: CompressionName;
  /** Where kafkajs's warnings go. */
  log: Logger;
}

/** Partitions of a topic replay creates: the service's own default (ATLAS_TOPIC_PARTITIONS). */
const createdPartitions = 6;

/**
 * Connects, and checks (or creates) the topic before anything is read: producing to
 * a missing topic would only fail after kafkajs's retries, with a vaguer message.
 * Throws E7401 when the brokers cannot be reached, E7500 when the topic is missing.
 */
export async function openKafkaTarget(options: KafkaTargetOptions): Promise<ReplayTarget> {
  const { brokers, topic } = options;
  await probeBrokers(brokers);
  const kafka = createKafka({ brokers, clientId: "atlas-replay" }, options.log);
  const where = `kafka ${brokers.join(",")}`;
  try {
    if (options.createTopic) await ensureTopics(kafka, [topic], createdPartitions);
    else if (!(await topicExists(kafka, topic))) {
      throw new AtlasError("E7500", `topic ${topic} does not exist on ${where}: pass --create-topic`);
    }
  } catch (error) {
    if (error instanceof AtlasError) throw error;
    throw new AtlasError("E7401", `cannot reach ${where}: ${(error as Error).message}`, { cause: error });
  }
  const producer = new KafkaProducer(kafka, { compression: options.compression });
  return {
    description: `${where} topic ${topic}${options.compression === "none" ? "" : ` (${options.compression})`}`,
    async send(batch: readonly EventLine[]): Promise<BatchOutcome> {
      try {
        await producer.send(topic, batch.map((e) => ({ key: e.key, value: e.text })));
      } catch (error) {
        throw new AtlasError("E7404", `producing to ${topic} failed: ${(error as Error).message}`, { cause: error });
      }
      // Kafka keeps whatever it is given; duplicates are the service's to find.
      return { accepted: batch.length, duplicates: 0, rejected: [] };
    },
    close: () => producer.disconnect(),
  };
}

async function topicExists(kafka: Kafka, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}
