/**
 * Group commit: statements handed in while a write is on its way go together in the
 * next one, so whatever is ready shares one transaction. Statements handed in within
 * one turn of the event loop (a batch learned in memory) make a single write; results
 * that trickle in (model calls returning) are written as they come, a few at a time.
 * Writes go one after the other, in the order their statements were handed in.
 *
 * @module
 */
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export class GroupCommit {
  #pending: { steps: readonly WriteStep[]; done: PromiseWithResolvers<void> }[] = [];
  /** A write is scheduled or running. */
  #busy = false;

  constructor(private readonly db: Database) {}

  /** Resolves once `steps` are durable; rejects if their transaction failed. */
  add(steps: readonly WriteStep[]): Promise<void> {
    const done = Promise.withResolvers<void>();
    this.#pending.push({ steps, done });
    if (!this.#busy) this.#schedule();
    return done.promise;
  }

  #schedule(): void {
    this.#busy = true;
    // A macrotask away: everything handed in during this turn joins the write.
    setTimeout(() => void this.#write(), 0);
  }

  async #write(): Promise<void> {
    const group = this.#pending;
    this.#pending = [];
    try {
      await this.db.write(group.flatMap((g) => g.steps));
      for (const g of group) g.done.resolve();
    } catch (error) {
      for (const g of group) g.done.reject(error);
    }
    if (this.#pending.length) this.#schedule();
    else this.#busy = false;
  }
}
