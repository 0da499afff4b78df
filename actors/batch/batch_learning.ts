/**
 * The batch actor, hosted: restored from its persisted snapshot at start, saved after
 * every transition, fed with the store's count of trajectories learned since the last
 * run (after each learned trajectory, and on a timer for the time trigger), and
 * commanded by the API (run now, change the config).
 *
 * @module
 */
import { type Actor, createActor, fromPromise, type Snapshot } from "xstate";
import type { Clock } from "../../clock.ts";
import { AtlasError } from "../../errors.ts";
import type { LearningConfig } from "../../learning/config.ts";
import type { Logger } from "../../log.ts";
import type { Database } from "../../store/database.ts";
import type { Learned } from "../../store/learned.ts";
import type { LearningState } from "../../store/learning_state.ts";
import { autoRunDue, type BatchContext, batchMachine, type RunBatchInput, type RunBatchOutput } from "./machine.ts";

export interface BatchLearningDeps {
  db: Database;
  learned: Learned;
  state: LearningState;
  runBatch(input: RunBatchInput): Promise<RunBatchOutput>;
  clock: Clock;
  log: Logger;
  /** How often the time trigger is looked at. @default 60 s */
  tickMs?: number;
}

/** What `GET /v1/learning` shows of the batch actor. */
export interface BatchStatus {
  state: "idle" | "running";
  progress: BatchContext["progress"];
  lastRunAt: number | null;
  lastRun: BatchContext["lastRun"];
  runs: number;
  retryAt: number | null;
  /** Whether an automatic run is due, and why (not). */
  due: { due: boolean; reasons: string[] };
}

export class BatchLearning {
  #actor!: Actor<typeof batchMachine>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #saving: Promise<unknown> = Promise.resolve();
  #measuring = false;
  #measureAgain = false;

  private constructor(private readonly deps: BatchLearningDeps) {}

  /** Restores the actor from its snapshot (or starts it fresh with `config`) and starts it. */
  static async start(deps: BatchLearningDeps, config: LearningConfig): Promise<BatchLearning> {
    const host = new BatchLearning(deps);
    const snapshot = await deps.state.get<Snapshot<unknown>>("batch");
    const machine = batchMachine.provide({
      actors: { runBatch: fromPromise<RunBatchOutput, RunBatchInput>(({ input }) => deps.runBatch(input)) },
    });
    host.#actor = createActor(machine, { input: { config }, ...(snapshot && { snapshot }) });
    host.#actor.subscribe({
      next: () => host.#save(),
      error: (error) => deps.log.error("batch actor stopped", { error: error as Error }),
    });
    host.#actor.start();
    // The environment's config wins over the snapshot's at start; the API's changes persist separately.
    host.#actor.send({ type: "CONFIG_CHANGED", config, now: deps.clock.now() });
    host.#timer = setInterval(() => host.#actor.send({ type: "TICK", now: deps.clock.now() }), deps.tickMs ?? 60_000);
    await host.measure();
    return host;
  }

  status(): BatchStatus {
    const snapshot = this.#actor.getSnapshot();
    const c = snapshot.context;
    return {
      state: snapshot.value as BatchStatus["state"],
      progress: c.progress,
      lastRunAt: c.lastRunAt,
      lastRun: c.lastRun,
      runs: c.runs,
      retryAt: c.retryAt,
      due: snapshot.value === "running"
        ? { due: false, reasons: ["a batch is running"] }
        : autoRunDue(c, this.deps.clock.now()),
    };
  }

  /** Starts a batch now, whatever the triggers say; E7014 while one runs. */
  requestRun(): string {
    const now = this.deps.clock.now();
    const runId = `manual-${now}`;
    this.#actor.send({ type: "RUN_REQUESTED", now, runId });
    if (this.#actor.getSnapshot().context.lastRun?.id !== runId) {
      throw new AtlasError(
        "E7014",
        `a learning batch is already running (${this.#actor.getSnapshot().context.lastRun?.id})`,
      );
    }
    return runId;
  }

  configure(config: LearningConfig): void {
    this.#actor.send({ type: "CONFIG_CHANGED", config, now: this.deps.clock.now() });
  }

  /** Re-counts what was learned since the last run; calls while one is counting coalesce. */
  async measure(): Promise<void> {
    if (this.#measuring) {
      this.#measureAgain = true;
      return;
    }
    this.#measuring = true;
    try {
      do {
        this.#measureAgain = false;
        const now = this.deps.clock.now();
        const counts = await this.deps.learned.since(this.#actor.getSnapshot().context.lastRunAt);
        this.#actor.send({ type: "PROGRESS", ...counts, now });
      } while (this.#measureAgain);
    } catch (error) {
      this.deps.log.warn("could not count learned trajectories", { error: error as Error });
    } finally {
      this.#measuring = false;
    }
  }

  /** Resolves once the running batch (if any) settles and the snapshot is saved. */
  async idle(): Promise<BatchStatus> {
    await new Promise<void>((resolve) => {
      const check = () => this.#actor.getSnapshot().value === "idle";
      if (check()) return resolve();
      const sub = this.#actor.subscribe(() => {
        if (check()) {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    await this.#saving;
    return this.status();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#actor.stop();
    await this.#saving;
  }

  #save(): void {
    const snapshot = this.#actor.getPersistedSnapshot();
    const write = () => this.deps.db.write([this.deps.state.put("batch", snapshot, this.deps.clock.now())]);
    this.#saving = this.#saving.then(write).catch((error) =>
      this.deps.log.warn("could not save the batch actor", { error: error as Error })
    );
  }
}
