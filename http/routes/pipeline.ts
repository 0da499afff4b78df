/**
 * `POST /v1/pipeline/run`: events → dataset version → job → validation → registered
 * model in one call (`jobs/pipeline_run.ts`), its progress streamed as Server-Sent
 * Events: `ingest`, `dataset`, `job` (each change of the job), `validation`, `model`,
 * then `done`, or `error` with its code where a step failed.
 *
 * Body: `{ events?, dataset: { name, description?, filter?, split? }, job?, validate?,
 * promote?, by? }`.
 *
 * @module
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { runPipeline } from "../../jobs/pipeline_run.ts";
import type { Runtime } from "../../runtime.ts";
import { parseBody } from "../json_body.ts";

const runBody = z.strictObject({
  events: z.array(z.unknown()).max(100_000).optional(),
  dataset: z.strictObject({
    name: z.string().min(1).max(100),
    description: z.string().max(2_000).optional(),
    filter: z.unknown().optional(),
    split: z.unknown().optional(),
  }),
  job: z.record(z.string(), z.unknown()).optional(),
  validate: z.strictObject({
    thresholds: z.record(z.string(), z.unknown()).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
  }).optional(),
  promote: z.boolean().default(false),
  by: z.string().min(1).max(200).default("api"),
});

export function pipelineRoutes(runtime: Runtime): Hono {
  return new Hono().post("/run", async (c) => {
    const body = await parseBody(c, runBody, "E7931");
    return streamSSE(c, async (stream) => {
      let id = 0;
      for await (const { event, data } of runPipeline(runtime, body)) {
        await stream.writeSSE({ event, id: String(++id), data: JSON.stringify(data) });
      }
    });
  });
}
