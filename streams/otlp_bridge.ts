/**
 * The OTLP Kafka source: a topic of OTLP trace messages (`otlp_proto` or `otlp_json`,
 * as the OpenTelemetry Collector's Kafka exporter writes them) read by its own
 * consumer group. A message holds spans of many traces and is keyed by none of them,
 * so it cannot feed the trajectory actors directly (a trajectory's events must land
 * on one partition): each fetched batch is decoded and mapped to the contract's
 * events, which go the way of `POST /v1/traces`'s: onto the traces topic, keyed by
 * trajectory. The offsets are committed once the broker has acknowledged them; a
 * crash in between sends them again, and their ids make the repeat change nothing.
 * Like the traces topic's consumer, it outlives its broker (`ConsumerSupervisor`).
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import { type AtlasError, ensureError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { DeadLetter } from "../store/dead_letters.ts";
import { ConsumerSupervisor, type SourceHealth, startConsumer } from "./consumer_supervisor.ts";
import type { Provenance } from "./intake.ts";
import { type DecodeLimits, decodeTraceRequest, type RejectedSpan, sniffEncoding, type Span } from "./otlp/mod.ts";

export interface OtlpBridgeOptions {
  topic: string;
  /** Its own group: the traces topic's group subscribes to another topic. */
  groupId: string;
  limits: DecodeLimits;
  sessionTimeoutMs: number;
  /** Before each consumer connects (creating missing topics). */
  prepare?: () => Promise<void>;
  /** Called each time a failed consumer is replaced (metrics). */
  restarted?: () => void;
}

export interface OtlpBridgeDeps {
  /** Maps and ingests the spans of a batch. */
  take(spans: readonly Span[], provenance: Provenance): Promise<unknown>;
  /** Keeps the spans a decoder rejected alone. */
  rejectSpans(rejected: readonly RejectedSpan[], provenance: Provenance): Promise<unknown>;
  /** Keeps (and forwards) messages that are not OTLP at all. */
  rejectMessages(letters: readonly DeadLetter[]): Promise<void>;
  log: Logger;
}

export class OtlpBridge {
  readonly #supervisor: ConsumerSupervisor;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: OtlpBridgeOptions,
    private readonly deps: OtlpBridgeDeps,
  ) {
    this.#supervisor = new ConsumerSupervisor({
      name: `OTLP consumer (topic ${options.topic})`,
      session: (ended) => this.#session(ended),
      sessionEnded: () => {},
      // The traces topic's consumer meets the same refusal and stops the service with it.
      fatal: () => {},
      restarted: () => options.restarted?.(),
      log: deps.log,
    });
  }

  get health(): SourceHealth {
    return this.#supervisor.health;
  }

  /** Starts reading in the background; a broker that is not there yet is waited for. */
  start(): void {
    this.#supervisor.start();
  }

  stop(): Promise<void> {
    return this.#supervisor.stop();
  }

  async #session(ended: (error: Error) => void): Promise<Consumer> {
    await this.options.prepare?.();
    return await startConsumer(this.kafka, this.options, { supervisor: this.#supervisor, ended }, (consumer) => ({
      autoCommit: false,
      eachBatch: (payload) => this.#batch(consumer, payload),
    }));
  }

  async #batch(consumer: Consumer, { batch, isStale }: EachBatchPayload): Promise<void> {
    if (isStale() || batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const spans: Span[] = [];
    const unreadable: DeadLetter[] = [];
    for (const message of batch.messages) {
      const provenance: Provenance = { origin: "kafka", topic, partition, offset: Number(message.offset) };
      const value = message.value ?? Buffer.alloc(0);
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      try {
        const decoded = decodeTraceRequest(sniffEncoding(bytes), bytes, this.options.limits);
        spans.push(...decoded.spans);
        if (decoded.rejected.length) await this.deps.rejectSpans(decoded.rejected, provenance);
      } catch (thrown) {
        unreadable.push(letterOf(provenance, message.key, value, ensureError(thrown)));
      }
    }
    if (unreadable.length) await this.deps.rejectMessages(unreadable);
    // Every span of the batch at once, so a trace split over messages is mapped whole.
    if (spans.length) {
      await this.deps.take(spans, { origin: "kafka", topic, partition, offset: Number(batch.firstOffset()) });
    }
    await consumer.commitOffsets([{ topic, partition, offset: String(Number(batch.lastOffset()) + 1) }]);
  }
}

/** A message that is not an OTLP request, kept as it came (base64 when it is not text). */
function letterOf(provenance: Provenance, key: Buffer | null, value: Buffer, error: AtlasError): DeadLetter {
  const text = value.toString("utf8");
  const binary = text.includes("\uFFFD") || hasControlCharacters(text);
  return {
    ...provenance,
    key: key?.toString() ?? null,
    value: binary ? value.toString("base64") : text,
    headers: binary ? { "atlas-value-encoding": "base64" } : null,
    code: error.code,
    reason: error.message,
  };
}

/** Control characters other than tab, newline and carriage return: bytes, not text. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}
