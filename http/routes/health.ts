/**
 * Liveness and readiness: `/healthz` answers while the process lives; `/readyz` once
 * the store and the stream source are up and the pipeline is applying batches.
 *
 * @module
 */
import { Hono } from "hono";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";

export function healthRoutes(runtime: Runtime): Hono {
  return new Hono()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", (c) => {
      const { pipeline, source } = runtime;
      if (!pipeline.ready) {
        throw new AtlasError("E7402", "not ready: the pipeline is not applying batches", {
          ...(pipeline.failure && { details: pipeline.failure.message }),
          retryable: true,
        });
      }
      return c.json({ status: "ready", source: source.kind });
    });
}
