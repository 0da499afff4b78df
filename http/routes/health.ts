/**
 * Liveness and readiness: `/healthz` answers while the process lives; `/readyz` once
 * the store and the stream source are up and the pipeline is applying batches.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError, toErrorBody } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import type { liveness, readiness } from "../contract/health.ts";
import { retryAfterSeconds } from "../error_handler.ts";

export function healthRoutes(runtime: Runtime): Hono {
  return new Hono()
    .get("/healthz", (c) => c.json({ status: "ok" } satisfies z.output<typeof liveness>))
    .get("/readyz", (c) => {
      const { pipeline, source } = runtime;
      const streams = runtime.streams();
      const down = streams.filter((stream) => !stream.up);
      if (down.length || !pipeline.ready) {
        // An answer, not a fault: orchestrators poll this while the service starts, and each
        // 503 must not log an error (the pipeline and the consumers log their own failures once).
        const notReady = down.length
          ? new AtlasError("E7401", `not ready: ${down.map((s) => `${s.name} is down (${s.reason})`).join("; ")}`, {
            details: { streams: down },
          })
          : pipeline.failure?.code === "E7400"
          // The store refuses writes (a full disk, a read-only file): said as it is.
          ? pipeline.failure
          : new AtlasError("E7402", "not ready: the pipeline is not applying batches", {
            ...(pipeline.failure && { details: pipeline.failure.message }),
          });
        c.header("Retry-After", String(retryAfterSeconds));
        return c.json(toErrorBody(notReady), 503);
      }
      return c.json({ status: "ready", source: source.kind, streams } satisfies z.output<typeof readiness>);
    });
}
