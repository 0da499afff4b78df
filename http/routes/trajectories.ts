/**
 * Trajectories: the list (filtered by state and outcome, newest first, by pages),
 * one trajectory with its steps, and the retry command for one whose analysis
 * failed.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import {
  type retryAccepted,
  type trajectoryDetail as detailSchema,
  trajectoryListQuery,
  type trajectoryPage,
} from "../contract/trajectories.ts";
import { parseQuery } from "../query.ts";
import { trajectoryDetail, trajectorySummary } from "../trajectory_view.ts";

export function trajectoryRoutes(runtime: Runtime): Hono {
  const { trajectories } = runtime;
  return new Hono()
    .get("/", async (c) => {
      const page = await trajectories.list(parseQuery(c, trajectoryListQuery));
      const body = { items: page.items.map(trajectorySummary), nextCursor: page.nextCursor };
      return c.json(body satisfies z.output<typeof trajectoryPage>);
    })
    .get("/:id", async (c) => {
      const id = c.req.param("id");
      const [row, steps] = await Promise.all([trajectories.get(id), trajectories.steps(id)]);
      if (!row) throw notFound(id);
      return c.json(trajectoryDetail(row, steps) satisfies z.output<typeof detailSchema>);
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
      return c.json({ id, state: row.state, command: command.id } satisfies z.output<typeof retryAccepted>, 202);
    });
}

const notFound = (id: string) => new AtlasError("E7010", `no trajectory ${id}`);
