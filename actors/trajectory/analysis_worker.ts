/**
 * The analysis worker: slow learning work off the hot path. A trajectory entering
 * `analyzing` is queued here once its batch is durable; the worker loads it, runs
 * the analysis with bounded concurrency and retries, and reports the result back
 * into the pipeline as an item, so the transition is persisted like any other.
 *
 * @module
 */
import { AtlasError, ensureError } from "../../errors.ts";
import type { AnalysisResult } from "../../learning/analyze.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import type { Logger } from "../../log.ts";
import type { Item } from "../batch_items.ts";

export interface AnalysisWorkerDeps {
  /** The closed trajectory with its steps, or undefined if it is gone. */
  load(trajectoryId: string): Promise<Trajectory | undefined>;
  /** Learns from the trajectory (credit, analysis, memory) and stores what it learned. */
  learn(trajectory: Trajectory): Promise<AnalysisResult>;
  /** Delivers the result item to the pipeline. */
  report(item: Extract<Item, { kind: "analysis" }>): void;
  log: Logger;
  /** Analyses running at once. */
  concurrency: number;
  /** Waits between attempts; one attempt more than there are entries. @default [200, 2000] */
  retryDelaysMs?: readonly number[];
}

export class AnalysisWorker {
  readonly #queue: { trajectoryId: string; partition: number }[] = [];
  /** Queued or running, so a repeated request is not run twice. */
  readonly #pending = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  constructor(private readonly deps: AnalysisWorkerDeps) {}

  /** Trajectories queued or running. */
  get backlog(): number {
    return this.#pending.size;
  }

  request(requests: readonly { trajectoryId: string; partition: number }[]): void {
    for (const request of requests) {
      if (this.#closed || this.#pending.has(request.trajectoryId)) continue;
      this.#pending.add(request.trajectoryId);
      this.#queue.push(request);
    }
    this.#pump();
  }

  /** Stops taking work and waits for what runs; queued work is redone after a restart. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    await Promise.all(this.#running);
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.deps.concurrency && this.#queue.length) {
      const request = this.#queue.shift()!;
      const run: Promise<void> = this.#run(request.trajectoryId, request.partition).finally(() => {
        this.#running.delete(run);
        this.#pending.delete(request.trajectoryId);
        this.#pump();
      });
      this.#running.add(run);
    }
  }

  async #run(trajectoryId: string, partition: number): Promise<void> {
    const delays = this.deps.retryDelaysMs ?? [200, 2_000];
    for (let attempt = 0;; attempt++) {
      try {
        const trajectory = await this.deps.load(trajectoryId);
        if (!trajectory) throw new AtlasError("E7010", `trajectory ${trajectoryId} is not in the store`);
        const value = await this.deps.learn(trajectory);
        if (!this.#closed) this.deps.report({ kind: "analysis", trajectoryId, partition, result: { ok: true, value } });
        return;
      } catch (cause) {
        const error = ensureError(cause, "E7910");
        const delay = delays[attempt];
        if (delay === undefined || this.#closed) {
          this.deps.log.warn("analysis failed", { trajectoryId, attempts: attempt + 1, error: error.message });
          if (!this.#closed) {
            const failure = new AtlasError("E7910", `analysis failed: ${error.message}`, {
              details: { cause: error.toData(), attempts: attempt + 1 },
            });
            this.deps.report({
              kind: "analysis",
              trajectoryId,
              partition,
              result: { ok: false, error: failure.toData() },
            });
          }
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
