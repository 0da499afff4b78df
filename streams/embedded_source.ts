/**
 * The embedded source: reads the embedded event log in order, as one partition,
 * waking when something is appended (and polling as a fallback).
 *
 * @module
 */
import { Observable } from "rxjs";
import { embeddedTopic, type EventLog } from "../store/event_log.ts";
import type { EventSource, SourceSignal, StoredOffsets } from "./source.ts";

export interface EmbeddedSourceOptions {
  /** Records per read. @default 2000 */
  readSize?: number;
  /** Longest wait between reads when nothing wakes the reader. @default 1000 */
  pollMs?: number;
}

export class EmbeddedSource implements EventSource {
  readonly kind = "embedded";
  readonly topic = embeddedTopic;
  /** The log is the store: it is up while the process is. */
  readonly health = { up: true, reason: null, restarts: 0 };
  readonly #readSize: number;
  readonly #pollMs: number;
  #paused = false;
  #closed = false;
  /** Set by `rewind`; the read loop resolves it once it has moved back. */
  #rewind: PromiseWithResolvers<void> | undefined;
  /** Set by a wake that came while the reader was busy, so its next sleep is skipped. */
  #woken = false;
  #endSleep: (() => void) | undefined;
  /** When the last read that reached the end of the log started: everything before was emitted. */
  #caughtUpAt = 0;

  constructor(private readonly log: EventLog, options: EmbeddedSourceOptions = {}) {
    this.#readSize = options.readSize ?? 2_000;
    this.#pollMs = options.pollMs ?? 1_000;
  }

  start(storedOffsets: StoredOffsets): Observable<SourceSignal> {
    return new Observable<SourceSignal>((subscriber) => {
      const unsubscribe = this.log.onAppend(() => this.#wake());
      const run = async () => {
        let next = (await storedOffsets([0])).get(0) ?? 0;
        subscriber.next({ kind: "assigned", partitions: [0] });
        let caughtUp = false;
        while (!this.#closed) {
          if (this.#rewind) {
            const rewound = this.#rewind;
            this.#rewind = undefined;
            next = (await storedOffsets([0])).get(0) ?? 0;
            caughtUp = false;
            this.#caughtUpAt = 0;
            rewound.resolve();
          }
          if (this.#paused) {
            await this.#sleep();
            continue;
          }
          const reading = Date.now();
          const records = await this.log.read(next, this.#readSize);
          if (records.length) {
            next = records.at(-1)!.position.offset + 1;
            subscriber.next({ kind: "records", records });
          }
          if (records.length < this.#readSize) {
            this.#caughtUpAt = reading;
            if (!caughtUp) subscriber.next({ kind: "caught-up" });
            caughtUp = true;
            await this.#sleep();
          }
        }
        subscriber.complete();
      };
      run().catch((error) => subscriber.error(error));
      return () => {
        unsubscribe();
        this.#closed = true;
        this.#wake();
      };
    });
  }

  /** Up to when the log has been emitted; 0 while paused or moving back. */
  liveAt(): number {
    return this.#paused || this.#rewind ? 0 : this.#caughtUpAt;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wake();
  }

  /** Offsets live in the store already; nothing to tell the log. */
  committed(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves once the read loop has gone back to the stored offset: a read in progress is emitted first. */
  rewind(): Promise<void> {
    this.#rewind ??= Promise.withResolvers<void>();
    this.#wake();
    return this.#rewind.promise;
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#rewind?.resolve();
    this.#wake();
    return Promise.resolve();
  }

  #wake(): void {
    this.#woken = true;
    this.#endSleep?.();
  }

  /** Waits for an append, a resume, a close, or the poll interval. */
  #sleep(): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.#endSleep = undefined;
        this.#woken = false;
        resolve();
      };
      const timer = setTimeout(end, this.#pollMs);
      this.#endSleep = end;
    });
  }
}
