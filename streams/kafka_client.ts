/**
 * The kafkajs client as this service uses it: its logs in ours, every codec
 * producers use, and the topics created with several partitions when they are
 * missing.
 *
 * @module
 */
import { Kafka, type LogEntry, logLevel } from "kafkajs";
import type { Logger } from "../log.ts";
import { registerCodecs } from "./codecs/kafka_codecs.ts";

export interface KafkaSettings {
  brokers: readonly string[];
  clientId?: string;
}

/**
 * A kafkajs client whose logs go to our logger. kafkajs logs retried protocol errors
 * (a coordinator still loading) at error level; they are warnings until it gives up,
 * which surfaces as a thrown error or a consumer crash.
 */
export function createKafka(settings: KafkaSettings, log: Logger): Kafka {
  const kafkaLog = log.child({ component: "kafkajs" });
  routeProcessWarnings(log);
  registerCodecs();
  return new Kafka({
    clientId: settings.clientId ?? "atlas-learning",
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log: entry }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...fields } = entry;
      if (level > logLevel.WARN) return;
      // Every member says so during a rebalance, which is routine; the assignment is logged.
      if (/rebalanc/i.test(`${message} ${fields.error ?? ""}`)) kafkaLog.debug(message, fields);
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

/**
 * kafkajs schedules its request-queue check with a negative delay when nothing is
 * throttled (`-1 - Date.now()`), which Node's timers (and Deno's) report as a
 * TimeoutNegativeWarning on stderr, outside our JSON logs. The delay is clamped to 1
 * ms as intended; drop that one warning and send the others to our logger.
 */
function routeProcessWarnings(log: Logger): void {
  if (process.listeners("warning").some((l) => l === forwardWarning)) return;
  process.removeAllListeners("warning");
  warningLog = log;
  process.on("warning", forwardWarning);
}

let warningLog: Logger | undefined;
function forwardWarning(warning: Error): void {
  if (warning.name !== "TimeoutNegativeWarning") warningLog?.warn(warning.message, { warning: warning.name });
}
