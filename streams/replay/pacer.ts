/**
 * `Pacer`: the `--rate` throttle. A batch of k events holds the next one back for
 * k / rate seconds from when it left, so events leave at the rate on average, in
 * batches of at most one second's worth; and a stall (a slow server) is not made up
 * for by a burst afterwards, since the point of a throttle is to spare the target.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import type { Sleep } from "./sleep.ts";

/** Holds batches back to a rate of events per second. */
export class Pacer {
  readonly #perSecond: number | undefined;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  /** When the next batch may leave; -Infinity before the first. */
  #nextAt = -Infinity;

  /** `perSecond` undefined: no throttle. */
  constructor(perSecond: number | undefined, clock: Clock, sleep: Sleep) {
    this.#perSecond = perSecond;
    this.#clock = clock;
    this.#sleep = sleep;
  }

  /**
   * The batch size to use: under a throttle at most one second of events, so that a
   * slow rate sends small batches evenly rather than a big one now and then.
   */
  batchSize(requested: number): number {
    return this.#perSecond === undefined ? requested : Math.max(1, Math.min(requested, Math.floor(this.#perSecond)));
  }

  /** Waits until a batch of `size` events may leave, and books its share of time. */
  async wait(size: number): Promise<void> {
    if (this.#perSecond === undefined) return;
    const now = this.#clock.now();
    if (this.#nextAt > now) await this.#sleep(this.#nextAt - now);
    this.#nextAt = Math.max(now, this.#nextAt) + (size / this.#perSecond) * 1000;
  }
}
