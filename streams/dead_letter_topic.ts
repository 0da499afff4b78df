/**
 * Forwards Kafka dead letters to `<topic>.dlq`, the raw message as it was with the
 * reason in headers, once the batch that rejected them is durable. A crash between
 * the two can send a dead letter twice; the table holds each once.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { DeadLetter } from "../store/dead_letters.ts";
import type { KafkaProducer } from "./kafka_producer.ts";

/** The dead-letter topic of a topic. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

/** Sends dead letters in the background; `flush()` waits for what is still being sent. */
export class DeadLetterForwarder {
  readonly #sending = new Set<Promise<void>>();

  constructor(private readonly producer: KafkaProducer, private readonly topic: string, private readonly log: Logger) {}

  forward(letters: readonly DeadLetter[]): void {
    const messages = letters.filter((l) => l.origin === "kafka").map((l) => ({
      key: l.key,
      value: l.value,
      headers: {
        ...l.headers,
        "atlas-error-code": l.code,
        "atlas-error-reason": l.reason,
        "atlas-source-topic": l.topic ?? "",
        "atlas-source-partition": String(l.partition ?? ""),
        "atlas-source-offset": String(l.offset ?? ""),
      },
    }));
    const sending: Promise<void> = this.producer.send(deadLetterTopic(this.topic), messages)
      .catch((error) =>
        this.log.warn("could not forward dead letters; they are in the dead-letter table", {
          count: messages.length,
          error: error as Error,
        })
      )
      .finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }

  async flush(): Promise<void> {
    await Promise.all(this.#sending);
  }
}
