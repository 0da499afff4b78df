/**
 * The kafkajs client as this service uses it: its logs in ours, and the topics
 * created with several partitions when they are missing.
 *
 * @module
 */
import { Kafka, type LogEntry, logLevel } from "kafkajs";
import type { Logger } from "../log.ts";

export interface KafkaSettings {
  brokers: readonly string[];
  clientId?: string;
}

/** A kafkajs client whose logs (warnings and errors) go to our logger. */
export function createKafka(settings: KafkaSettings, log: Logger): Kafka {
  const kafkaLog = log.child({ component: "kafkajs" });
  return new Kafka({
    clientId: settings.clientId ?? "atlas-learning",
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log: entry }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...fields } = entry;
      if (level <= logLevel.ERROR) kafkaLog.error(message, fields);
      else kafkaLog.warn(message, fields);
    },
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

/** Creates each topic that is missing, with `partitions` partitions; existing ones are left alone. */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) {
      // Three copies where the cluster has three brokers, one on a laptop.
      const { brokers } = await admin.describeCluster();
      const replicationFactor = Math.min(3, brokers.length);
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
