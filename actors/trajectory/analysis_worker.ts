/**
 * The analysis worker: learning off the hot path, in micro-batches. A trajectory
 * entering `analyzing` is requested here once its batch is durable; the worker
 * learns the requests many at a time (`learn`, one batch per call) and reports each
 * result back into the pipeline as an item, so the transition is persisted like any
 * other.
 *
 * The backlog lives in the store, not here: a trajectory waits in `analyzing` until
 * its result is applied. The worker holds at most `maxQueued` requests; past that it
 * notes that more wait and, once its queue is done, reads the longest waiting back
 * from the store (`waiting`). A restart finds them the same way.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import type { Counter } from "../../metrics/registry.ts";
import { RateMeter } from "../../metrics/rate_meter.ts";
import type { Clock } from "../../clock.ts";
import type { Item } from "../batch_items.ts";
import type { LearnBatch, LearnOutcome } from "./learning_service.ts";

export interface AnalysisRequest {
  trajectoryId: string;
  partition: number;
}

export interface AnalysisWorkerDeps {
  learn: LearnBatch;
  /** Trajectories waiting in the store in the partitions owned, the longest waiting first. */
  waiting(limit: number): Promise<AnalysisRequest[]>;
  /** Delivers a result item to the pipeline. */
  report(item: Extract<Item, { kind: "analysis" }>): void;
  log: Logger;
  /** Trajectories learned per call of `learn`. */
  batchSize: number;
  /** Batches learned at once: more than one only helps while model calls wait on the network. */
  concurrency: number;
  /** Requests held in memory; the rest wait in the store. */
  maxQueued: number;
  /** Waits between attempts; one attempt more than there are entries. @default [200, 2000] */
  retryDelaysMs?: readonly number[];
  /** Counts each trajectory learned (`result`: ok or failed). */
  learned?: Counter;
  clock: Clock;
}

/** Reports remembered: about what the pipeline has yet to apply, a few batches. */
const recentlyReported = (deps: AnalysisWorkerDeps) => 4 * deps.batchSize;

export class AnalysisWorker {
  readonly #queue: AnalysisRequest[] = [];
  /** Queued, running or waiting to retry, with the attempts made so far. */
  readonly #pending = new Map<string, number>();
  readonly #running = new Set<Promise<void>>();
  /** Retries and read-backs waiting for their time. */
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /**
   * The latest reported, oldest first: still `analyzing` in the store until the pipeline
   * applies their results, so a read-back must not take them for waiting work.
   */
  readonly #reported = new Set<string>();
  /** Requests were left in the store for want of room. */
  #inStore = false;
  #refilling = false;
  #closed = false;
  /** Trajectories learned per second, over the last minute. */
  readonly rate: RateMeter;

  constructor(private readonly deps: AnalysisWorkerDeps) {
    this.rate = new RateMeter(deps.clock);
  }

  /** Trajectories held in memory: queued, running or waiting to retry. */
  get backlog(): number {
    return this.#pending.size;
  }

  request(requests: readonly AnalysisRequest[]): void {
    for (const request of requests) {
      if (this.#closed || this.#pending.has(request.trajectoryId)) continue;
      if (this.#pending.size >= this.deps.maxQueued) {
        this.#inStore = true;
        continue;
      }
      this.#pending.set(request.trajectoryId, 0);
      this.#queue.push(request);
    }
    this.#pump();
  }

  /** Stops taking work and waits for what runs; the rest is found in the store after a restart. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    for (const timer of this.#timers) clearTimeout(timer);
    await Promise.all(this.#running);
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.deps.concurrency && this.#queue.length) {
      const batch = this.#queue.splice(0, this.deps.batchSize);
      const run: Promise<void> = this.#run(batch).finally(() => {
        this.#running.delete(run);
        this.#pump();
      });
      this.#running.add(run);
    }
    const room = this.#pending.size < this.deps.maxQueued;
    if (!this.#closed && this.#inStore && room && this.#queue.length === 0 && !this.#refilling) void this.#refill();
  }

  /** Reads back what waits in the store: the longest waiting, as many as there is room for. */
  async #refill(): Promise<void> {
    this.#refilling = true;
    try {
      // What is running or waiting to retry is still `analyzing` in the store: read past it.
      const limit = this.#pending.size + this.deps.maxQueued;
      // Cleared before the read: a request left in the store meanwhile sets it again.
      this.#inStore = false;
      const found = await this.deps.waiting(limit + this.#reported.size);
      if (found.length === limit + this.#reported.size) this.#inStore = true;
      this.request(found.filter((r) => !this.#reported.has(r.trajectoryId)));
    } catch (error) {
      this.#inStore = true;
      this.deps.log.warn("could not read the learning backlog from the store", { error: error as Error });
      this.#later(() => this.#pump(), 1_000);
    } finally {
      this.#refilling = false;
    }
  }

  #later(run: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, delayMs);
    this.#timers.add(timer);
  }

  async #run(batch: readonly AnalysisRequest[]): Promise<void> {
    let outcomes: Map<string, LearnOutcome>;
    try {
      outcomes = await this.deps.learn(batch.map((r) => r.trajectoryId));
    } catch (cause) {
      const error = cause instanceof AtlasError ? cause : new AtlasError("E7910", (cause as Error).message);
      outcomes = new Map(batch.map((r) => [r.trajectoryId, { ok: false, error: error.toData() }]));
    }
    const retries = new Map<number, AnalysisRequest[]>();
    for (const request of batch) {
      const outcome = outcomes.get(request.trajectoryId) ??
        { ok: false, error: new AtlasError("E7910", "learning gave no result").toData() };
      const delay = this.#settle(request, outcome);
      if (delay === undefined) continue;
      retries.set(delay, [...retries.get(delay) ?? [], request]);
    }
    // The retries of a batch go back together, to be learned together again.
    for (const [delay, requests] of retries) {
      this.#later(() => {
        this.#queue.push(...requests);
        this.#pump();
      }, delay);
    }
  }

  /** Reports the outcome, or says when to try again when attempts are left. */
  #settle(request: AnalysisRequest, outcome: LearnOutcome): number | undefined {
    if (outcome.ok) return this.#finish(request, outcome);
    const attempts = (this.#pending.get(request.trajectoryId) ?? 0) + 1;
    const delay = (this.deps.retryDelaysMs ?? [200, 2_000])[attempts - 1];
    if (delay !== undefined && !this.#closed) {
      this.#pending.set(request.trajectoryId, attempts);
      return delay;
    }
    this.deps.log.warn("analysis failed", {
      trajectoryId: request.trajectoryId,
      attempts,
      error: outcome.error.message,
    });
    const failure = new AtlasError("E7910", `analysis failed: ${outcome.error.message}`, {
      details: { cause: outcome.error, attempts },
    });
    this.#finish(request, { ok: false, error: failure.toData() });
  }

  #finish(request: AnalysisRequest, result: LearnOutcome): undefined {
    this.#pending.delete(request.trajectoryId);
    if (this.#closed) return;
    this.#reported.add(request.trajectoryId);
    if (this.#reported.size > recentlyReported(this.deps)) this.#reported.delete(this.#reported.values().next().value!);
    this.deps.learned?.inc(1, { result: result.ok ? "ok" : "failed" });
    this.rate.mark();
    this.deps.report({ kind: "analysis", trajectoryId: request.trajectoryId, partition: request.partition, result });
  }
}
