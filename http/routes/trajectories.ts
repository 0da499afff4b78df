/**
 * Trajectories: the list (filtered by state and outcome, newest first, by pages),
 * one trajectory with its steps, and the retry command for one whose analysis
 * failed.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { trajectoryMachine, type TrajectoryState } from "../../actors/trajectory/machine.ts";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { outcomes } from "../../schemas/mod.ts";
import { decodeCursor } from "../../store/trajectories.ts";
import { parseQuery } from "../query.ts";
import { trajectoryDetail, trajectorySummary } from "../trajectory_view.ts";

/** The machine's own state names, so the filter follows the machine. */
const states = Object.keys(trajectoryMachine.states) as [TrajectoryState, ...TrajectoryState[]];

const listQuery = z.object({
  state: z.enum(states).optional(),
  outcome: z.enum(outcomes).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().refine(isCursor, "not a cursor this API issued").optional(),
});

export function trajectoryRoutes(runtime: Runtime): Hono {
  const { trajectories } = runtime;
  return new Hono()
    .get("/", async (c) => {
      const page = await trajectories.list(parseQuery(c, listQuery));
      return c.json({ items: page.items.map(trajectorySummary), nextCursor: page.nextCursor });
    })
    .get("/:id", async (c) => {
      const id = c.req.param("id");
      const [row, steps] = await Promise.all([trajectories.get(id), trajectories.steps(id)]);
      if (!row) throw notFound(id);
      return c.json(trajectoryDetail(row, steps));
    })
    // A command event through the log or topic: whichever process owns the trajectory's
    // partition applies it, in order with the trajectory's other events.
    .post("/:id/retry", async (c) => {
      const id = c.req.param("id");
      const row = await trajectories.get(id);
      if (!row) throw notFound(id);
      if (row.state !== "failed") {
        throw new AtlasError("E7013", `only a failed trajectory can be retried; ${id} is ${row.state}`, {
          details: { state: row.state },
        });
      }
      const command = {
        specversion: "1.0" as const,
        id: crypto.randomUUID(),
        source: "atlas://control-api",
        type: "atlas.trajectory.retry" as const,
        time: new Date(runtime.clock.now()).toISOString(),
        data: { trajectoryId: id },
      };
      await runtime.ingest([command]);
      return c.json({ id, state: row.state, command: command.id }, 202);
    });
}

const notFound = (id: string) => new AtlasError("E7010", `no trajectory ${id}`);

function isCursor(cursor: string): boolean {
  try {
    decodeCursor(cursor);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}
