/**
 * Waiting as a dependency: the CLI really waits, tests move a manual clock instead.
 *
 * @module
 */

/** Resolves after `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** The real wait, on a timer. */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
