/**
 * The pipeline: source records → decode → merged with timers, analysis results and
 * commands → micro-batches → the batch applier, one batch at a time. It pauses the
 * source when too much is in flight, rewinds it to the stored offsets when a batch
 * cannot be persisted, and stops gracefully: stop fetching, flush, commit, close.
 *
 * @module
 */
import {
  asyncScheduler,
  concatMap,
  filter,
  from,
  map,
  merge,
  mergeMap,
  type Observable,
  type SchedulerLike,
  Subject,
  type Subscription,
  takeUntil,
} from "rxjs";
import type { BatchApplier } from "../actors/apply_batch.ts";
import type { Item } from "../actors/batch_items.ts";
import type { Clock } from "../clock.ts";
import { type AtlasError, ensureError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { PipelineMetrics } from "../metrics/pipeline_metrics.ts";
import { decodeRecord } from "./decode.ts";
import { microBatch } from "./micro_batch.ts";
import { type Deadline, sessionTimeouts } from "./session_timeouts.ts";
import type { EventSource, StoredOffsets } from "./source.ts";

export interface PipelineDeps {
  source: EventSource;
  applier: BatchApplier;
  storedOffsets: StoredOffsets;
  batch: { maxEvents: number; maxWaitMs: number };
  /** Records read but not yet persisted above which the source pauses. */
  maxInFlight: number;
  clock: Clock;
  log: Logger;
  metrics: PipelineMetrics;
  /** @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Wait before re-reading after a failed batch. @default 1000 */
  retryDelayMs?: number;
}

/** A source item tagged with the rewind generation it was read in. */
type Tagged = { item: Item; generation: number };

const isRecord = (item: Item) => item.kind === "event" || item.kind === "invalid";

export class Pipeline {
  /** Items from inside the process: analysis results, commands. */
  readonly #internal = new Subject<Item>();
  /** Deadlines of actors, as the session timers take them. */
  readonly #deadlines = new Subject<Deadline>();
  readonly #stop = new Subject<void>();
  #subscription: Subscription | undefined;
  #done: Promise<void> = Promise.resolve();
  #generation = 0;
  #inFlight = 0;
  #paused = false;
  #ready = false;
  #failure: AtlasError | undefined;

  constructor(private readonly deps: PipelineDeps) {}

  /** True once the source has assigned partitions and the pipeline is applying. */
  get ready(): boolean {
    return this.#ready && !this.#failure;
  }

  /** Resolves when the pipeline has ended: stopped, or failed beyond recovery (see `failure`). */
  get ended(): Promise<void> {
    return this.#done;
  }

  /** The last batch failure while it is being retried, for /readyz. */
  get failure(): AtlasError | undefined {
    return this.#failure;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Sends an item from inside the process (an analysis result, a command). */
  submit(item: Item): void {
    this.#internal.next(item);
  }

  /** Arms, moves or cancels trajectory timers. */
  watch(deadlines: readonly Deadline[]): void {
    for (const d of deadlines) this.#deadlines.next(d);
  }

  start(): void {
    const { source, clock, batch, scheduler = asyncScheduler } = this.deps;
    const fromSource: Observable<Tagged> = source.start(this.deps.storedOffsets).pipe(
      takeUntil(this.#stop),
      mergeMap((signal) => {
        if (signal.kind !== "records") return [signal as Item];
        this.#admit(signal.records.length);
        return signal.records.map(decodeRecord);
      }),
      map((item) => ({ item, generation: this.#generation })),
    );
    // A deadline fires once the source has read everything sent before it: a stalled consumer (a broker
    // away, a backlog, backpressure) must not close a trajectory whose last steps wait in the log.
    const due = ({ partition, deadline }: { partition: number; deadline: number }) =>
      (source.liveAt?.(partition) ?? Infinity) >= deadline;
    const timeouts = this.#deadlines.pipe(
      sessionTimeouts(() => clock.now(), scheduler, { due }),
      map((t): Item => ({ kind: "timeout", trajectoryId: t.key, partition: t.partition })),
    );
    const internal = merge(this.#internal, timeouts).pipe(
      takeUntil(this.#stop),
      map((item) => ({ item, generation: -1 })),
    );
    let finish!: () => void;
    this.#done = new Promise((resolve) => (finish = resolve));
    this.#subscription = merge(fromSource, internal).pipe(
      microBatch<Tagged>({ maxSize: batch.maxEvents, maxWaitMs: batch.maxWaitMs, scheduler }),
      concatMap((tagged) => from(this.#apply(tagged))),
      filter(() => false),
    ).subscribe({
      error: (error) => {
        this.deps.log.error("pipeline stopped on an unexpected error", { error: ensureError(error) });
        this.#failure = ensureError(error);
        finish();
      },
      complete: finish,
    });
  }

  /** Stops fetching, applies and commits what was read, then closes the source. */
  async stop(): Promise<void> {
    this.deps.source.pause();
    this.#stop.next();
    await this.#done;
    this.#subscription?.unsubscribe();
    // The last batch may still be committing; what fails now is read again at the next start.
    await this.deps.applier.flush().catch((error) =>
      this.deps.log.warn("the last batch was not committed; it is read again at the next start", {
        error: ensureError(error),
      })
    );
    await this.deps.source.close();
  }

  async #apply(batch: readonly Tagged[]): Promise<void> {
    // Records read before a rewind are read again after it: drop the stale copies.
    const current = batch.filter((t) => t.generation === -1 || t.generation === this.#generation);
    // Stale records left the in-flight count when it was reset at the rewind.
    const records = current.filter((t) => isRecord(t.item)).length;
    try {
      await this.deps.applier.apply(current.map((t) => t.item));
      if (current.some((t) => t.item.kind === "assigned")) this.#ready = true;
      this.#failure = undefined;
    } catch (cause) {
      const error = ensureError(cause);
      this.#failure = error;
      this.deps.log.error("micro-batch failed; rewinding to the stored offsets", {
        code: error.code,
        error: error.message,
      });
      await new Promise((resolve) => setTimeout(resolve, this.deps.retryDelayMs ?? 1_000));
      // The source keeps reading until it has moved back: whatever it emitted before the rewind took
      // effect lies past the failed batch and is stale. Only now does a new generation begin (an earlier
      // one would let those records in, past a gap: acknowledged and never applied).
      await this.deps.source.rewind();
      this.#generation++;
      this.#inFlight = 0;
    } finally {
      this.#release(records);
    }
  }

  /** Counts records in; pauses the source past the in-flight bound. */
  #admit(records: number): void {
    this.#inFlight += records;
    this.deps.metrics.records.inc(records);
    if (!this.#paused && this.#inFlight > this.deps.maxInFlight) {
      this.#paused = true;
      this.deps.source.pause();
      this.deps.metrics.paused.set(1);
    }
  }

  /** Counts records out; resumes the source once half the bound has drained. */
  #release(records: number): void {
    this.#inFlight = Math.max(0, this.#inFlight - records);
    this.deps.metrics.inFlight.set(this.#inFlight);
    if (this.#paused && this.#inFlight <= this.deps.maxInFlight / 2) {
      this.#paused = false;
      this.deps.source.resume();
      this.deps.metrics.paused.set(0);
    }
  }
}
