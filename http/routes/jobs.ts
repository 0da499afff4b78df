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
import { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { parseBody } from "../json_body.ts";
import { parseQuery } from "../query.ts";

const submitBody = z.strictObject({
  dataset: z.strictObject({ name: z.string().min(1), version: z.string().min(1).default("latest") }),
  config: z.record(z.string(), z.unknown()).default({}),
  by: z.string().min(1).max(200).default("api"),
});

const cancelBody = z.strictObject({
  reason: z.string().max(2_000).default(""),
  by: z.string().min(1).max(200).default("api"),
});

const listQuery = z.object({
  state: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function jobRoutes(runtime: Runtime): Hono {
  const { training } = runtime;
  return new Hono()
    .post("/", async (c) => {
      const body = await parseBody(c, submitBody, "E7931");
      return c.json(await training.submit(body), 201);
    })
    .get("/", async (c) => {
      const { state, limit } = parseQuery(c, listQuery);
      return c.json({ items: await training.jobs.list({ limit, ...(state && { state }) }) });
    })
    .get("/:id", async (c) => c.json(await training.jobs.get(c.req.param("id"))))
    .post("/:id/cancel", async (c) => {
      const { reason, by } = await parseBody(c, cancelBody, "E7931");
      return c.json(await training.jobs.cancel(c.req.param("id"), by, reason));
    });
}
