/**
 * Waiting for something the runtime does in the background (a pipeline batch, an
 * analysis) by polling with a deadline, never by sleeping a fixed time.
 *
 * @module
 */

export interface WaitOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** Pause between checks. @default 20 */
  intervalMs?: number;
  /** What is awaited, said in the error on timeout. */
  message?: string;
}

/**
 * Calls `check` until it returns something other than `undefined` or `false`, and
 * returns that; throws once `timeoutMs` has passed (with the last error `check` threw).
 *
 * @example
 * ```ts
 * const row = await waitFor(async () => (await runtime.trajectories.get("t-1"))?.state === "completed");
 * ```
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 20, message = "the condition" } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
