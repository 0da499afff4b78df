/**
 * Asking for a failed trajectory's analysis again, from the API or the console: the
 * `atlas.trajectory.retry` command goes through the log or topic like any event, so
 * whichever process owns the trajectory's partition applies it, in order with the
 * trajectory's other events.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";

/** Sends the retry command for `id` from `source`; E7010 if unknown, E7013 unless it failed. */
export async function requestRetry(
  runtime: Pick<Runtime, "trajectories" | "ingest" | "clock">,
  id: string,
  source: string,
): Promise<{ state: string; command: string }> {
  const row = await runtime.trajectories.get(id);
  if (!row) throw new AtlasError("E7010", `no trajectory ${id}`);
  if (row.state !== "failed") {
    throw new AtlasError("E7013", `only a failed trajectory can be retried; ${id} is ${row.state}`, {
      details: { state: row.state },
    });
  }
  const command = {
    specversion: "1.0" as const,
    id: crypto.randomUUID(),
    source,
    type: "atlas.trajectory.retry" as const,
    time: new Date(runtime.clock.now()).toISOString(),
    data: { trajectoryId: id },
  };
  await runtime.ingest([command]);
  return { state: row.state, command: command.id };
}
