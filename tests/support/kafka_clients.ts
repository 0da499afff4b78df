/**
 * Kafka clients that are not ours, for tests: `kcat` (librdkafka) and the console
 * producer and consumer from the local broker's own jars (Kafka's Java client), each
 * producing and consuming in any codec. Messages are `key<TAB>value` lines.
 *
 * @module
 */
import type { CompressionName } from "../../streams/codecs/kafka_codecs.ts";
import { runCommand } from "./command.ts";
import { brokers } from "./kafka_broker.ts";

export interface KeyedMessage {
  key: string;
  value: string;
}

const jars = new URL("../../deploy/kafka/lib/", import.meta.url).pathname;
const log4j = new URL("../../deploy/kafka/log4j2.properties", import.meta.url).pathname;

/** Runs a command with `input` on stdin; its output as text. */
const run = async (command: string, args: string[], input = "") =>
  new TextDecoder().decode(await runCommand(command, args, input));

const lines = (messages: readonly KeyedMessage[]) => messages.map((m) => `${m.key}\t${m.value}\n`).join("");

/** Produces with kcat (librdkafka), compressed with `codec`, keyed, each acknowledged. */
export async function kcatProduce(topic: string, messages: readonly KeyedMessage[], codec: CompressionName) {
  await run(
    "kcat",
    ["-P", "-b", brokers()[0]!, "-t", topic, "-z", codec, "-K", "\t", "-X", "acks=all"],
    lines(messages),
  );
}

/** Runs one of Kafka's own command-line tools from the broker's jars. */
async function kafkaTool(tool: string, args: string[], input = ""): Promise<string> {
  const logs = await Deno.makeTempDir({ prefix: "kafka-tool-" });
  try {
    const java = ["-Xmx256m", `-Dlog4j2.configurationFile=${log4j}`, `-Dkafka.logs.dir=${logs}`, "-cp", `${jars}*`];
    return await run("java", [...java, tool, ...args], input);
  } finally {
    await Deno.remove(logs, { recursive: true });
  }
}

/** Produces with Kafka's Java console producer, compressed with `codec`, keyed. */
export async function javaProduce(topic: string, messages: readonly KeyedMessage[], codec: CompressionName) {
  await kafkaTool("org.apache.kafka.tools.ConsoleProducer", [
    "--bootstrap-server",
    brokers()[0]!,
    "--topic",
    topic,
    "--compression-codec",
    codec,
    "--producer-property",
    "acks=all",
    "--reader-property",
    "parse.key=true",
    "--reader-property",
    "key.separator=\t",
  ], lines(messages));
}

/** The values of a topic's first `count` messages, read by kcat from the start. */
export async function kcatConsume(topic: string, count: number): Promise<string[]> {
  const out = await run("kcat", ["-C", "-b", brokers()[0]!, "-t", topic, "-o", "beginning", "-c", String(count), "-e"]);
  return out.split("\n").slice(0, count);
}

/** The values of a topic's first `count` messages, read by Kafka's Java console consumer from the start. */
export async function javaConsume(topic: string, count: number): Promise<string[]> {
  const out = await kafkaTool("org.apache.kafka.tools.consumer.ConsoleConsumer", [
    "--bootstrap-server",
    brokers()[0]!,
    "--topic",
    topic,
    "--from-beginning",
    "--max-messages",
    String(count),
    "--timeout-ms",
    "30000",
  ]);
  return out.split("\n").slice(0, count);
}

/** The bytes a topic takes on the broker's disk, summed over its partitions (Kafka's log-dirs tool). */
export async function topicBytes(topic: string): Promise<number> {
  const out = await kafkaTool("org.apache.kafka.tools.LogDirsCommand", [
    "--bootstrap-server",
    brokers()[0]!,
    "--describe",
    "--topic-list",
    topic,
  ]);
  const json = out.split("\n").find((line) => line.startsWith("{"));
  if (!json) throw new Error(`no log-dirs answer for ${topic}: ${out}`);
  const answer = JSON.parse(json) as {
    brokers: { logDirs: { partitions: { partition: string; size: number }[] }[] }[];
  };
  return answer.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions)).reduce((n, p) => n + p.size, 0);
}
