/**
 * A counting semaphore: at most `concurrency` tasks run at once, the rest wait
 * their turn in arrival order.
 *
 * The LLM client runs every call through one, so a burst of trajectories closing
 * together cannot open more provider connections than the account's rate limits
 * and the machine can carry.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";

/** Runs async tasks with at most `concurrency` in flight, first come first served. */
export class Limiter {
  readonly concurrency: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new AtlasError("E7500", `concurrency must be a whole number of at least 1, got ${concurrency}`);
    }
    this.concurrency = concurrency;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `task` once a slot is free and settles as it does; the slot is freed
   * whether the task resolves or throws.
   *
   * @example
   * ```ts
   * const limiter = new Limiter(4);
   * const answers = await Promise.all(prompts.map((p) => limiter.run(() => ask(p))));
   * ```
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.concurrency) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next waiter (the count stays), so a task
    // arriving now cannot slip in ahead of one that has been waiting.
    if (next) next();
    else this.#active--;
  }
}
