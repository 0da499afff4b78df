/**
 * A rate over a sliding window: events counted in one-second buckets, the rate the
 * mean over the window's full seconds. Memory is the window's buckets, whatever the
 * rate.
 *
 * @module
 */
import type { Clock } from "../clock.ts";

export class RateMeter {
  readonly #counts: number[];
  /** The second each bucket counts, so a stale bucket reads as empty. */
  readonly #seconds: number[];

  constructor(private readonly clock: Clock, private readonly windowSeconds = 60) {
    this.#counts = new Array(windowSeconds).fill(0);
    this.#seconds = new Array(windowSeconds).fill(-1);
  }

  mark(n = 1): void {
    const second = Math.floor(this.clock.now() / 1000);
    const slot = second % this.windowSeconds;
    if (this.#seconds[slot] !== second) {
      this.#seconds[slot] = second;
      this.#counts[slot] = 0;
    }
    this.#counts[slot]! += n;
  }

  /** Events per second over the window's last full seconds (the current one is still counting). */
  perSecond(): number {
    const now = Math.floor(this.clock.now() / 1000);
    let total = 0;
    for (let slot = 0; slot < this.windowSeconds; slot++) {
      const second = this.#seconds[slot]!;
      if (second < now && second >= now - this.windowSeconds + 1) total += this.#counts[slot]!;
    }
    return total / (this.windowSeconds - 1);
  }
}
