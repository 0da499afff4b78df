/**
 * Polling for the benches: they wait for what the runtime does in the background with
 * no deadline (a slow run is a figure, not a failure) and a pause short enough not
 * to blur the timing.
 *
 * @module
 */

/** Polls `check` every `everyMs` and returns when it holds. */
export async function until(check: () => boolean | Promise<boolean>, everyMs: number): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
