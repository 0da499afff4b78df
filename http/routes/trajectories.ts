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
import { requestRetry } from "../../actors/trajectory/retry_request.ts";
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
    .post("/:id/retry", async (c) => {
      const id = c.req.param("id");
      const { state, command } = await requestRetry(runtime, id, "atlas://control-api");
      return c.json({ id, state, command } satisfies z.output<typeof retryAccepted>, 202);
    });
}

const notFound = (id: string) => new AtlasError("E7010", `no trajectory ${id}`);
