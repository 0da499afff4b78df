/**
 * Applies one micro-batch: skips what was already applied (by offset and by
 * `(source, id)`), routes each event to its trajectory actor (rehydrating it when it
 * is not in memory), and persists every changed snapshot with the steps, the
 * dedupe ids, the dead letters and the consumed offsets in ONE transaction. Only
 * after the commit does anything leave the batch: state changes, timers, analysis
 * requests, offset commits. A batch that fails to commit leaves nothing behind.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { type AtlasError, ensureError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { PipelineMetrics } from "../metrics/pipeline_metrics.ts";
import type { Database } from "../store/database.ts";
import type { DeadLetter, DeadLetters } from "../store/dead_letters.ts";
import { type Dedupe, identity } from "../store/dedupe.ts";
import type { Offsets } from "../store/offsets.ts";
import type { RecentTrajectories } from "../store/recent_trajectories.ts";
import type { Trajectories, TrajectoryWrite } from "../store/trajectories.ts";
import { upstreamStatements } from "../store/upstream.ts";
import { steps } from "../store/write.ts";
import type { Deadline } from "../streams/session_timeouts.ts";
import type { Position } from "../streams/source.ts";
import { isControl, type Item, type StateChange } from "./batch_items.ts";
import { BatchRouter } from "./batch_router.ts";
import { deadLetterOf, emptyWrites, type Writes } from "./batch_writes.ts";
import { ActorSystem } from "./system.ts";
import { trajectoryMachine } from "./trajectory/machine.ts";
import { trajectoryOf } from "./trajectory/routing.ts";

/** Effects that happen only once a batch is durable. */
export interface AfterCommit {
  stateChanged(changes: readonly StateChange[]): void;
  deadlines(deadlines: readonly Deadline[]): void;
  analyze(requests: readonly { trajectoryId: string; partition: number }[]): void;
  committed(next: Map<number, number>): void;
  deadLettered(letters: readonly DeadLetter[]): void;
  /** A batch's write failed after `apply` returned: send a `flush` item so the pipeline recovers. */
  commitFailed(error: AtlasError): void;
}

export interface ApplierDeps {
  db: Database;
  offsets: Offsets;
  dedupe: Dedupe;
  trajectories: Trajectories;
  /** Where the trajectories started here wait for learning with their steps. */
  recent: RecentTrajectories;
  deadLetters: DeadLetters;
  origin: "kafka" | "embedded";
  clock: Clock;
  log: Logger;
  metrics: PipelineMetrics;
  settings: { inactivityGapMs: number; closeGraceMs: number; passivateAfterMs: number };
  after: AfterCommit;
}

const passivationSweepMs = 1_000;

export class BatchApplier {
  readonly #system: ActorSystem<typeof trajectoryMachine>;
  readonly #router: BatchRouter;
  /** Next offset to apply per owned partition; null when nothing was stored yet. */
  readonly #next = new Map<number, number | null>();
  #analysisRequests: { trajectoryId: string; partition: number }[] = [];
  #lastSweep = 0;
  /** The commit of the last batch handed to the store; never rejects (see `#failure`). */
  #committing: Promise<void> = Promise.resolve();
  /** Why the current chain of writes broke, until the reset. */
  #failure: AtlasError | undefined;
  /** Writes are chained: a batch computed on top of one that failed must not commit. */
  #chain = 0;
  #writes = 0;
  /**
   * Actors that entered `analyzing` since the last sweep, and those of the sweep before.
   * Learning that keeps up answers within a sweep or two, while the actor is still here;
   * one still waiting after that leaves memory, as the backlog waits in the store, and
   * its result rehydrates it.
   */
  #learning = new Set<string>();
  #learningBefore = new Set<string>();
  /** Identities of events in batches not yet committed, which the store cannot answer for. */
  readonly #uncommittedSeen = new Set<string>();

  constructor(private readonly deps: ApplierDeps) {
    const logic = trajectoryMachine.provide({
      actions: {
        requestAnalysis: ({ context }) =>
          this.#analysisRequests.push({ trajectoryId: context.trajectoryId, partition: context.partition }),
      },
    });
    this.#system = new ActorSystem(logic, deps.clock);
    this.#router = new BatchRouter(this.#system, deps.settings, deps.metrics, deps.log);
  }

  /** Actors in memory. */
  get actors(): number {
    return this.#system.size;
  }

  /** Partitions this applier owns. */
  get partitions(): number[] {
    return [...this.#next.keys()];
  }

  /**
   * Applies a micro-batch: routes it and hands its write to the store, then waits for
   * the batch before it to commit. So one batch commits on the writer thread while
   * the next is routed here. Throws when a batch could not be persisted; memory is
   * then reset to the store, and the caller re-reads from the stored offsets.
   */
  async apply(items: readonly Item[]): Promise<void> {
    const started = performance.now();
    const at = this.deps.clock.now();
    try {
      if (items.some(isControl)) {
        // Assignments read the store: it must hold what memory holds first.
        await this.flush();
        for (const item of items) {
          if (item.kind === "assigned") await this.#assign(item.partitions);
          else if (item.kind === "revoked") this.#revoke(item.partitions);
          else if (item.kind === "caught-up") await this.#rearm();
        }
      }
      const writes = emptyWrites();
      const work = await this.#fresh(items, writes);
      if (work.length === 0 && writes.advances.size === 0) return;
      await this.#load(work, at, writes);
      this.#router.route(work, at, writes);
      await this.#commit(writes, at);
      this.#throwIfFailed();
    } catch (error) {
      await this.#reset();
      throw error;
    }
    this.deps.metrics.batches.observe((performance.now() - started) / 1000);
    this.deps.metrics.batchSize.observe(items.length);
  }

  /** Waits until every batch handed to the store is committed; throws if one was not. */
  async flush(): Promise<void> {
    await this.#committing;
    this.#throwIfFailed();
  }

  /** Sends the batch's write; returns the commit of the batch before it. */
  #commit(writes: Writes, at: number): Promise<void> {
    const write = ++this.#writes;
    const chain = this.#chain;
    const trajectories = this.#snapshots(write);
    const requests = this.#analysisRequests;
    this.#analysisRequests = [];
    for (const [partition, { next }] of writes.advances) this.#next.set(partition, next);
    for (const { source, id } of writes.seen) this.#uncommittedSeen.add(identity(source, id));
    // Partitions whose actors change without an offset advance in this batch are fenced too.
    const fenced = new Map<number, number | null>();
    for (const t of trajectories) {
      if (!writes.advances.has(t.partition)) fenced.set(t.partition, this.#next.get(t.partition) ?? null);
    }
    const statements = [
      ...this.deps.offsets.advance([...writes.advances.values()], at),
      ...this.deps.offsets.unchanged(fenced),
      ...steps(this.deps.dedupe.record(writes.seen, at)),
      ...this.deps.trajectories.statements({ trajectories, steps: writes.steps, late: writes.late }, at),
      ...steps(this.deps.deadLetters.insert(writes.deadLetters, at)),
      ...upstreamStatements(writes, at),
    ];
    const previous = this.#committing;
    this.#committing = this.deps.db.write(statements, { chain })
      .then(() => this.#afterCommit(write, writes, trajectories, requests, at))
      .catch((error) => {
        // Only the current chain's failure counts: an older one was dealt with by a reset.
        if (chain !== this.#chain || this.#failure) return;
        this.#failure = ensureError(error);
        this.deps.after.commitFailed(this.#failure);
      });
    return previous;
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  /** After a failed batch: memory is dropped and offsets reloaded; the store is the truth. */
  async #reset(): Promise<void> {
    this.#chain++;
    this.#failure = undefined;
    this.#committing = Promise.resolve();
    this.#system.dropPartitions(new Set(this.#next.keys()));
    this.#analysisRequests = [];
    this.#uncommittedSeen.clear();
    this.deps.recent.forget();
    await this.#assign([...this.#next.keys()]).catch((error) =>
      this.deps.log.warn("could not reload offsets after a failed batch", { error: ensureError(error) })
    );
  }

  /** Evicts the actors still waiting to be learned since the sweep before last. */
  #leaveWhileLearned(): void {
    for (const id of this.#learningBefore) {
      const waiting = this.#system.snapshot(id)?.value === "analyzing";
      if (waiting && this.#system.isSaved(id)) this.#system.evict(id);
    }
    this.#learningBefore = this.#learning;
    this.#learning = new Set();
  }

  async #assign(partitions: readonly number[]): Promise<void> {
    const stored = await this.deps.offsets.load(partitions);
    for (const p of partitions) this.#next.set(p, stored.get(p) ?? null);
  }

  #revoke(partitions: readonly number[]): void {
    for (const p of partitions) this.#next.delete(p);
    const dropped = this.#system.dropPartitions(new Set(partitions));
    this.deps.recent.forget(new Set(partitions));
    this.deps.log.info("partitions revoked", { partitions, actorsDropped: dropped });
  }

  /** After a start or an assignment has caught up: re-arm stored timers and unfinished analyses. */
  async #rearm(): Promise<void> {
    const owned = this.partitions;
    const [deadlines, analyzing] = await Promise.all([
      this.deps.trajectories.deadlines(owned),
      this.deps.trajectories.inState("analyzing", owned),
    ]);
    this.deps.after.deadlines(deadlines.map((d) => ({ key: d.id, deadline: d.deadline, partition: d.partition })));
    this.deps.after.analyze(analyzing.map((a) => ({ trajectoryId: a.id, partition: a.partition })));
    this.deps.log.info("timers re-armed", { timers: deadlines.length, analyses: analyzing.length });
  }

  /** Drops what is not ours or already applied; records offsets, dead letters and repeats. */
  async #fresh(items: readonly Item[], writes: Writes): Promise<Item[]> {
    const candidates: Item[] = [];
    for (const item of items) {
      if (isControl(item)) continue;
      if (item.kind === "event" || item.kind === "invalid") {
        const position = item.kind === "event" ? item.position : item.record.position;
        if (!this.#take(position, writes)) continue;
        if (item.kind === "invalid") {
          writes.deadLetters.push(deadLetterOf(item.record, item.error, this.deps.origin));
          continue;
        }
      } else if (!this.#next.has(item.partition)) continue;
      candidates.push(item);
    }
    const events = candidates.flatMap((i) => (i.kind === "event" ? [i.event] : []));
    const already = events.length ? await this.deps.dedupe.seen(events) : new Set<string>();
    const work: Item[] = [];
    for (const item of candidates) {
      if (item.kind === "event") {
        const key = identity(item.event.source, item.event.id);
        if (already.has(key) || this.#uncommittedSeen.has(key)) {
          this.deps.metrics.duplicates.inc();
          continue;
        }
        already.add(key);
        writes.seen.push({ source: item.event.source, id: item.event.id });
      }
      work.push(item);
    }
    return work;
  }

  /** Whether a record at `position` is to be applied; advances the batch's offsets. */
  #take(position: Position, writes: Writes): boolean {
    const { partition, offset } = position;
    if (!this.#next.has(partition)) return false;
    const expected = this.#next.get(partition)!;
    const advance = writes.advances.get(partition);
    const floor = advance?.next ?? expected ?? 0;
    if (offset < floor) {
      this.deps.metrics.replayed.inc();
      return false;
    }
    writes.advances.set(partition, { partition, expected, next: offset + 1 });
    return true;
  }

  /** Brings the actors this batch needs into memory; one whose snapshot cannot be read is rebuilt. */
  async #load(work: readonly Item[], at: number, writes: Writes): Promise<void> {
    const missing = new Set<string>();
    for (const item of work) {
      const id = item.kind === "event"
        ? trajectoryOf(item.event)
        : "trajectoryId" in item
        ? item.trajectoryId
        : undefined;
      if (id !== undefined && !this.#system.has(id)) missing.add(id);
    }
    if (missing.size === 0) return;
    const stored = await this.deps.trajectories.snapshots([...missing]);
    for (const [id, found] of stored) {
      const unreadable = "snapshot" in found ? this.#rehydrate(id, found.partition, found.snapshot) : found;
      if (unreadable) await this.#rebuild(id, found.partition, unreadable.unreadable, unreadable.raw, at, writes);
    }
  }

  /** Brings an actor back from its snapshot; says why it could not, when XState refused the snapshot. */
  #rehydrate(id: string, partition: number, snapshot: unknown): { unreadable: string; raw: string } | undefined {
    try {
      this.#system.rehydrate(id, partition, snapshot);
      return undefined;
    } catch (error) {
      return { unreadable: (error as Error).message, raw: JSON.stringify(snapshot) };
    }
  }

  /**
   * A snapshot that cannot be read never stops the stream (a batch that threw would be
   * retried for ever): the trajectory starts again from its stored steps, and the
   * snapshot is kept as a dead letter (E7405) saying what was lost.
   */
  async #rebuild(id: string, partition: number, why: string, raw: string, at: number, writes: Writes): Promise<void> {
    const indexes = await this.deps.trajectories.stepIndexes(id);
    this.#router.rebuild(id, partition, indexes, at, writes);
    const reason = `the snapshot of trajectory ${id} could not be read (${why}): rebuilt from its ${indexes.length} ` +
      "stored steps; its task and any outcome it had are lost";
    this.deps.log.error("unreadable snapshot; trajectory rebuilt from its steps", { trajectoryId: id, code: "E7405" });
    writes.deadLetters.push({
      origin: "store",
      topic: null,
      partition,
      offset: null,
      key: id,
      value: raw,
      headers: null,
      code: "E7405",
      reason,
    });
  }

  /** The changed actors, as rows for the write numbered `write`. */
  #snapshots(write: number): TrajectoryWrite[] {
    return this.#system.takeDirty(write).map(({ key, partition, snapshot, persisted }) => ({
      id: key,
      state: String(snapshot.value),
      outcome: snapshot.context.outcome,
      family: snapshot.context.task?.family ?? null,
      stepCount: snapshot.context.steps.length,
      lateEvents: snapshot.context.lateEvents,
      partition,
      deadline: snapshot.context.deadline,
      snapshot: persisted,
    }));
  }

  #afterCommit(
    write: number,
    writes: Writes,
    written: readonly TrajectoryWrite[],
    requests: readonly { trajectoryId: string; partition: number }[],
    at: number,
  ): void {
    const { after, metrics } = this.deps;
    this.#system.saved(write);
    for (const { source, id } of writes.seen) this.#uncommittedSeen.delete(identity(source, id));
    const started = new Set(writes.changes.filter((c) => c.from === null).map((c) => c.trajectoryId));
    this.deps.recent.committed({ started, steps: writes.steps, trajectories: written });
    for (const t of written) {
      // A later batch may have touched it again: it leaves once that one is saved.
      const finished = t.state === "completed" || t.state === "failed" || t.state === "aborted";
      if (finished) this.deps.recent.drop(t.id);
      if (finished && this.#system.isSaved(t.id)) this.#system.evict(t.id);
      if (t.state === "analyzing") this.#learning.add(t.id);
    }
    if (at - this.#lastSweep >= passivationSweepMs) {
      this.#system.passivate(at - this.deps.settings.passivateAfterMs);
      this.#leaveWhileLearned();
      this.#lastSweep = at;
    }
    metrics.actors.set(this.#system.size);
    for (const change of writes.changes) metrics.transitions.inc(1, { to: change.to });
    for (const letter of writes.deadLetters) metrics.deadLetters.inc(1, { code: letter.code });

    after.stateChanged(writes.changes);
    after.deadlines(written.map((t) => ({ key: t.id, deadline: t.deadline, partition: t.partition })));
    if (requests.length) after.analyze(requests);
    if (writes.advances.size) {
      after.committed(new Map([...writes.advances.values()].map((a) => [a.partition, a.next])));
    }
    if (writes.deadLetters.length) after.deadLettered(writes.deadLetters);
  }
}
