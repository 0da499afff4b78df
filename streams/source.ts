/**
 * The port every event source implements (Kafka, the embedded log): an Observable of
 * records in partition order, with the assignment changes and the moment the source
 * has delivered its backlog.
 *
 * @module
 */
import type { Observable } from "rxjs";
import type { Headers } from "../schemas/mod.ts";
import type { SourceHealth } from "./consumer_supervisor.ts";

/** Where a record sits: a partition of a topic and its offset there. */
export interface Position {
  topic: string;
  partition: number;
  offset: number;
}

/** One message as the source read it, not yet decoded. */
export interface SourceRecord {
  position: Position;
  key: string | null;
  value: string;
  headers: Headers;
  /** The log's append (or producer) time, epoch ms. */
  timestamp: number;
  /** Why the value could not be read as text (it is then base64, said in an `atlas-value-encoding` header). */
  undecodable?: string;
}

/** What a source emits. */
export type SourceSignal =
  | { kind: "records"; records: SourceRecord[] }
  /** These partitions are now this process's; `next` is where reading starts for each. */
  | { kind: "assigned"; partitions: number[] }
  /** These partitions went to another process: drop what belongs to them. */
  | { kind: "revoked"; partitions: number[] }
  /** Everything that was in the log when the partitions were assigned has been emitted. */
  | { kind: "caught-up" };

/** Next offset to read for each partition; a partition absent starts at the earliest. */
export type StoredOffsets = (partitions: number[]) => Promise<Map<number, number>>;

export interface EventSource {
  readonly kind: "kafka" | "embedded";
  /** The name offsets are stored under: the topic, or the embedded log's own. */
  readonly topic: string;
  /** Reading, or down and why (a broker away); how many times it was restarted. */
  readonly health: SourceHealth;
  /** Starts reading; each newly assigned partition resumes at its stored offset. */
  start(storedOffsets: StoredOffsets): Observable<SourceSignal>;
  /**
   * The time up to which everything in the log of `partition` has been emitted: a fetch
   * that started then came back with the partition caught up. 0 while it is stalled,
   * paused or behind. Absent: always up to date.
   */
  liveAt?(partition: number): number;
  /** Stops fetching until `resume`: downstream is saturated. */
  pause(): void;
  resume(): void;
  /** Tells the source what is now durably applied (Kafka: commit for lag monitoring). */
  committed(next: Map<number, number>): Promise<void>;
  /**
   * Reads again from the stored offsets, after a micro-batch could not be applied;
   * resolves once it has moved back: nothing read before is emitted after.
   */
  rewind(): Promise<void>;
  /** Stops fetching and releases the connection; resolves when done. */
  close(): Promise<void>;
}
