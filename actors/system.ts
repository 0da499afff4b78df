/**
 * The actor system: keeps the live actors of one machine by key, creates or
 * rehydrates them, tells which ones changed since the last persist, and lets idle
 * or finished ones leave memory. It knows nothing of trajectories: what an event
 * means is the machine's business, when to persist is the pipeline's.
 *
 * @module
 */
import {
  type Actor,
  type AnyStateMachine,
  createActor,
  type EventFromLogic,
  type InputFrom,
  type SnapshotFrom,
} from "xstate";
import type { Clock } from "../clock.ts";

interface Entry<L extends AnyStateMachine> {
  actor: Actor<L>;
  partition: number;
  lastTouched: number;
}

/** A changed actor, ready to persist. */
export interface DirtyActor<L extends AnyStateMachine> {
  key: string;
  partition: number;
  snapshot: SnapshotFrom<L>;
  /** `getPersistedSnapshot()`: what goes to the store. */
  persisted: unknown;
}

/** Live actors by key, for one machine. */
export class ActorSystem<L extends AnyStateMachine> {
  readonly #actors = new Map<string, Entry<L>>();
  readonly #dirty = new Set<string>();
  /** Changes taken to be persisted but not yet saved: key → the write that holds them. */
  readonly #unsaved = new Map<string, number>();

  constructor(private readonly logic: L, private readonly clock: Clock) {}

  /** Actors in memory. */
  get size(): number {
    return this.#actors.size;
  }

  has(key: string): boolean {
    return this.#actors.has(key);
  }

  /** Starts a new actor for `key`. */
  spawn(key: string, partition: number, input: InputFrom<L>): SnapshotFrom<L> {
    return this.#add(key, partition, createActor(this.logic as AnyStateMachine, { input, id: key }) as Actor<L>, true);
  }

  /** Brings an actor back from its persisted snapshot; entry actions do not run again. */
  rehydrate(key: string, partition: number, persisted: unknown): SnapshotFrom<L> {
    const actor = createActor(this.logic as AnyStateMachine, { snapshot: persisted as never, id: key });
    return this.#add(key, partition, actor as Actor<L>, false);
  }

  /** Sends an event to the actor for `key` and returns its snapshot after it. */
  send(key: string, event: EventFromLogic<L>): SnapshotFrom<L> {
    const entry = this.#actors.get(key);
    if (!entry) throw new Error(`no actor for ${key}: spawn or rehydrate it first`);
    entry.actor.send(event);
    entry.lastTouched = this.clock.now();
    this.#dirty.add(key);
    return entry.actor.getSnapshot();
  }

  snapshot(key: string): SnapshotFrom<L> | undefined {
    return this.#actors.get(key)?.actor.getSnapshot();
  }

  /**
   * The actors changed since the last call, with their persisted snapshots, for the
   * write numbered `write`; until `saved(write)` they may not leave memory, because
   * the store does not hold their state yet.
   */
  takeDirty(write: number): DirtyActor<L>[] {
    const out: DirtyActor<L>[] = [];
    for (const key of this.#dirty) {
      const entry = this.#actors.get(key);
      if (!entry) continue;
      this.#unsaved.set(key, write);
      out.push({
        key,
        partition: entry.partition,
        snapshot: entry.actor.getSnapshot(),
        persisted: entry.actor.getPersistedSnapshot(),
      });
    }
    this.#dirty.clear();
    return out;
  }

  /** The write numbered `write` is durable: its actors may leave memory again. */
  saved(write: number): void {
    for (const [key, held] of this.#unsaved) if (held === write) this.#unsaved.delete(key);
  }

  /** Whether the store holds this actor's latest state. */
  isSaved(key: string): boolean {
    return !this.#dirty.has(key) && !this.#unsaved.has(key);
  }

  /** Removes an actor from memory; its persisted snapshot is its state from now on. */
  evict(key: string): void {
    if (!this.isSaved(key)) throw new Error(`actor ${key} has unpersisted changes`);
    this.#remove(key);
  }

  /** Removes saved actors untouched since `idleSince`; returns how many left. */
  passivate(idleSince: number): number {
    let count = 0;
    for (const [key, entry] of this.#actors) {
      if (entry.lastTouched < idleSince && this.isSaved(key)) {
        this.#remove(key);
        count++;
      }
    }
    return count;
  }

  /** Removes every actor of these partitions, saved or not (they went to another process, or the store is the truth again). */
  dropPartitions(partitions: ReadonlySet<number>): number {
    let count = 0;
    for (const [key, entry] of this.#actors) {
      if (partitions.has(entry.partition)) {
        this.#remove(key);
        this.#dirty.delete(key);
        this.#unsaved.delete(key);
        count++;
      }
    }
    return count;
  }

  #add(key: string, partition: number, actor: Actor<L>, dirty: boolean): SnapshotFrom<L> {
    actor.start();
    this.#actors.set(key, { actor, partition, lastTouched: this.clock.now() });
    if (dirty) this.#dirty.add(key);
    return actor.getSnapshot();
  }

  #remove(key: string): void {
    this.#actors.get(key)?.actor.stop();
    this.#actors.delete(key);
  }
}
