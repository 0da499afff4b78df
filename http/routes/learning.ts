/**
 * The learning controls:
 *
 * - `GET /v1/learning`: the config in force, the strategies actually running (after
 *   any fallback for want of a key), the outcome model, and the batch actor's state,
 *   progress towards its triggers and last run;
 * - `GET /v1/learning/config`, `PUT /v1/learning/config`: read or change the
 *   `LearningConfig` (a partial body; `null` clears a field back to the environment's);
 *   the change persists across restarts;
 * - `POST /v1/learning/batches`: run a batch now (202 with its id; 409 E7014 while
 *   one runs), `GET /v1/learning/batches`: the runs, newest first;
 * - `GET /v1/learning/soar?limit=`: the SOAR training data the learned trajectories
 *   teach, as JSON lines.
 *
 * @module
 */
import { Hono } from "hono";
import { stream } from "hono/streaming";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import {
  batchListQuery,
  type batchRequested,
  type batchRunList,
  type batchRunRecord,
  type learningConfig,
  type learningStatus,
  type soarExample,
  soarQuery,
} from "../contract/learning.ts";
import { parseQuery } from "../query.ts";

export function learningRoutes(runtime: Runtime): Hono {
  const { learning } = runtime;
  return new Hono()
    .get("/", (c) => c.json(learning.status() satisfies z.output<typeof learningStatus>))
    .get("/config", (c) => c.json(learning.status().config satisfies z.output<typeof learningConfig>))
    .put("/config", async (c) => {
      const body = await c.req.json().catch(() => {
        throw new AtlasError("E7001", "the body is not valid JSON");
      });
      return c.json(await learning.configure(body) satisfies z.output<typeof learningConfig>);
    })
    .post("/batches", (c) => {
      const runId = learning.batch.requestRun();
      return c.json({ runId, status: learning.batch.status() } satisfies z.output<typeof batchRequested>, 202);
    })
    .get("/batches", async (c) => {
      const { limit } = parseQuery(c, batchListQuery);
      return c.json({ items: await learning.state.runs(limit) } satisfies z.output<typeof batchRunList>);
    })
    .get("/batches/:id", async (c) => {
      const run = await learning.state.findRun(c.req.param("id"));
      if (!run) throw new AtlasError("E7015", `no learning batch ${c.req.param("id")}`);
      return c.json(run satisfies z.output<typeof batchRunRecord>);
    })
    .get("/soar", (c) => {
      const { limit } = parseQuery(c, soarQuery);
      c.header("Content-Type", "application/x-ndjson");
      return stream(c, async (out) => {
        const ids = await learning.learned.idsSince(null, limit);
        // All at once: a refinement pairs a failed attempt with a success on the same task anywhere in the set.
        const trajectories = await Promise.all(ids.map((id) => runtime.loadTrajectory(id)));
        for (const example of learning.hindsight.prepareTrainingData(trajectories.filter((t) => t !== undefined))) {
          await out.write(JSON.stringify(example satisfies z.output<typeof soarExample>) + "\n");
        }
      });
    });
}
