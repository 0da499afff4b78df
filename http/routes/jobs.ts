/**
 * Training jobs:
 * - `POST /v1/jobs` `{ dataset: { name, version? }, config?, by? }`: queues a job on a
 *   dataset version (`latest` by default) → 201 with the job;
 * - `GET /v1/jobs?state=&limit=`: newest first;
 * - `GET /v1/jobs/:id`: its state, progress as the trainer reported it, the loss of
 *   each reported step, its error or its model;
 * - `POST /v1/jobs/:id/cancel` `{ reason?, by? }`: E7932 once it has finished.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { parseBody } from "../json_body.ts";
import { cancelJobBody, type job, type jobList, jobListQuery, submitJobBody } from "../contract/jobs.ts";
import { parseQuery } from "../query.ts";

export function jobRoutes(runtime: Runtime): Hono {
  const { training } = runtime;
  return new Hono()
    .post("/", async (c) => {
      const body = await parseBody(c, submitJobBody, "E7931");
      return c.json(await training.submit(body) satisfies z.output<typeof job>, 201);
    })
    .get("/", async (c) => {
      const { state, limit } = parseQuery(c, jobListQuery);
      const items = await training.jobs.list({ limit, ...(state && { state }) });
      return c.json({ items } satisfies z.output<typeof jobList>);
    })
    .get("/:id", async (c) => c.json(await training.jobs.get(c.req.param("id")) satisfies z.output<typeof job>))
    .post("/:id/cancel", async (c) => {
      const { reason, by } = await parseBody(c, cancelJobBody, "E7931");
      return c.json(await training.jobs.cancel(c.req.param("id"), by, reason) satisfies z.output<typeof job>);
    });
}
