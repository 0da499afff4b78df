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
import { runPipeline } from "../../jobs/pipeline_run.ts";
import type { Runtime } from "../../runtime.ts";
import { pipelineRunBody } from "../contract/pipeline.ts";
import { parseBody } from "../json_body.ts";

export function pipelineRoutes(runtime: Runtime): Hono {
  return new Hono().post("/run", async (c) => {
    const body = await parseBody(c, pipelineRunBody, "E7931");
    return streamSSE(c, async (stream) => {
      let id = 0;
      for await (const { event, data } of runPipeline(runtime, body)) {
        await stream.writeSSE({ event, id: String(++id), data: JSON.stringify(data) });
      }
    });
  });
}
