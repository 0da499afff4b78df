/**
 * Time as a dependency: production reads the system clock, tests inject their own.
 *
 * @module
 */

/** A source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told: for tests. */
export class ManualClock implements Clock {
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.time += ms;
  }
  set(time: number): void {
    this.time = time;
  }
}
