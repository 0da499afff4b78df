/**
 * The port replay sends through, and the records it keeps per input line. The HTTP
 * and Kafka targets implement it; the replay loop knows neither.
 *
 * @module
 */

/** A valid event of the input, sent as it was written. */
export interface EventLine {
  /** 1-based line number in the input. */
  line: number;
  /** The line itself: the structured-mode CloudEvent, byte for byte. */
  text: string;
  /** Its partition key (`keyOf`): the trajectory, or the upstream execution id. */
  key: string;
}

/** An input line that was not taken, locally or by the target, and why. */
export interface Rejection {
  line: number;
  /** An `E7xxx` code: ours for local rejections, the server's for its own. */
  code: string;
  message: string;
}

/** What the target made of one batch. */
export interface BatchOutcome {
  accepted: number;
  /** Events the target already had (same `source` and `id`). */
  duplicates: number;
  rejected: Rejection[];
}

/** Somewhere events go: a service over HTTP, or a Kafka topic. */
export interface ReplayTarget {
  /** Where, for people: `http://host:8080/v1/events`, `kafka 127.0.0.1:9092 topic atlas.traces`. */
  readonly description: string;
  /** Sends one batch; throws an AtlasError when the transport fails for good. */
  send(batch: readonly EventLine[]): Promise<BatchOutcome>;
  close(): Promise<void>;
}
