/**
 * Trajectories this process started, as committed, kept in memory until learning
 * takes them. The pipeline holds every step when it writes it, so learning need not
 * read the steps back: that read-back was the largest read of a learning batch.
 *
 * Only a trajectory whose actor started here is kept, because only then did every
 * one of its steps pass through this process. One rehydrated from the store, dropped
 * over the byte budget or from a revoked partition is read from the store as before.
 *
 * @module
 */
import type { Trajectory } from "../learning/trajectory.ts";
import type { Outcome, StepBody, Task } from "../schemas/mod.ts";
import { positioned, type StepWrite, type TrajectoryWrite } from "./trajectories.ts";

interface Entry {
  partition: number;
  task: Task | null;
  outcome: Outcome | null;
  score: number | null;
  /** Step bodies as written (JSON), by index: a later write of an index replaces it, as in the store. */
  steps: Map<number, string>;
  bytes: number;
}

type Context = { task?: Task | null; outcome?: Outcome | null; score?: number | null };

export class RecentTrajectories {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  /** @param maxBytes the step bodies kept at most (their JSON length); the oldest trajectories go first. */
  constructor(private readonly maxBytes: number) {}

  /** Trajectories kept, and the JSON bytes of their steps. */
  get size(): { trajectories: number; bytes: number } {
    return { trajectories: this.#entries.size, bytes: this.#bytes };
  }

  /**
   * After a batch committed: the trajectories it `started` are kept from now on, and
   * the kept ones take its steps and their snapshots' task, outcome and score.
   */
  committed(
    batch: { started: ReadonlySet<string>; steps: readonly StepWrite[]; trajectories: readonly TrajectoryWrite[] },
  ): void {
    for (const t of batch.trajectories) {
      let entry = this.#entries.get(t.id);
      if (!entry && batch.started.has(t.id)) {
        entry = { partition: t.partition, task: null, outcome: null, score: null, steps: new Map(), bytes: 0 };
        this.#entries.set(t.id, entry);
      }
      if (!entry) continue;
      const context = (t.snapshot as { context: Context }).context;
      entry.task = context.task ?? null;
      entry.outcome = context.outcome ?? null;
      entry.score = context.score ?? null;
    }
    for (const { trajectoryId, step, body } of batch.steps) {
      const entry = this.#entries.get(trajectoryId);
      if (!entry) continue;
      const added = body.length - (entry.steps.get(step.index)?.length ?? 0);
      entry.steps.set(step.index, body);
      entry.bytes += added;
      this.#bytes += added;
    }
    for (const [id] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.drop(id);
    }
  }

  /** Takes the kept ones of `ids` out, as learning sees them; the others are for the store. */
  take(ids: readonly string[]): { found: Map<string, Trajectory>; missing: string[] } {
    const found = new Map<string, Trajectory>();
    const missing: string[] = [];
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (!entry) {
        missing.push(id);
        continue;
      }
      this.drop(id);
      const steps = [...entry.steps].sort(([a], [b]) => a - b).map(([, body]) => JSON.parse(body) as StepBody);
      found.set(id, { id, task: entry.task, outcome: entry.outcome, score: entry.score, steps: positioned(steps) });
    }
    return { found, missing };
  }

  /** Forgets the trajectories of these partitions (revoked), or all of them (memory reset to the store). */
  forget(partitions?: ReadonlySet<number>): void {
    for (const [id, entry] of this.#entries) if (!partitions || partitions.has(entry.partition)) this.drop(id);
  }

  /** Forgets a trajectory no learning will take (it finished without: aborted, say). */
  drop(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
  }
}
