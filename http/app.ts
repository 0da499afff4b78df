/**
 * The control API (CONTRACT section 3): one Hono app over a runtime, with a router
 * per resource. Every request gets an id and one access-log line; writes need the
 * bearer token when one is configured (reads too); bodies are bounded; every error answers
 * `{ error: { code, message, details? } }`.
 *
 * @module
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { consoleRoutes } from "../console/mod.ts";
import { AtlasError } from "../errors.ts";
import type { Runtime } from "../runtime.ts";
import { handleError, routeNotFound } from "./error_handler.ts";
import { accessLog } from "./middleware/access_log.ts";
import { requireTokens } from "./middleware/auth.ts";
import { conceptRoutes } from "./routes/concepts.ts";
import { datasetRoutes } from "./routes/datasets.ts";
import { deadLetterRoutes } from "./routes/dead_letters.ts";
import { docsRoutes } from "./routes/docs.ts";
import { errorPatternRoutes } from "./routes/error_patterns.ts";
import { eventStreamRoutes } from "./routes/event_stream.ts";
import { exampleRoutes } from "./routes/examples.ts";
import { eventRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { learningRoutes } from "./routes/learning.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { modelRoutes } from "./routes/models.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { pipelineRoutes } from "./routes/pipeline.ts";
import { statsRoutes } from "./routes/stats.ts";
import { strategyRoutes } from "./routes/strategies.ts";
import { traceRoutes } from "./routes/traces.ts";
import { trajectoryRoutes } from "./routes/trajectories.ts";

/**
 * The app serving `runtime`. Build it once per runtime: it registers the store
 * gauges on the runtime's metrics registry.
 *
 * @example
 * ```ts
 * Deno.serve(createApp(await createRuntime(loadConfig())).fetch);
 * ```
 */
export function createApp(runtime: Runtime): Hono {
  const { config, log } = runtime;
  const app = new Hono();
  app.use(requestId());
  app.use(accessLog(log));
  // Authentication before the body is read: an unauthenticated upload costs nothing.
  app.use(requireTokens({ api: config.apiToken, read: config.readToken, metrics: config.metricsToken }));
  const limit = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: () => {
      throw new AtlasError("E7700", `request body exceeds ${config.bodyLimitBytes} bytes`, {
        details: { limitBytes: config.bodyLimitBytes },
      });
    },
  });
  // OTLP exporters send 3–15 MB batches: `/v1/traces` bounds its body itself, before and after gzip.
  app.use((c, next) => c.req.path === "/v1/traces" ? next() : limit(c, next));
  app.onError(handleError(log));
  app.notFound(routeNotFound);

  app.route("/", healthRoutes(runtime));
  app.route("/", metricsRoutes(runtime));
  app.route("/v1/events", eventRoutes(runtime));
  app.route("/v1/events", eventStreamRoutes(runtime));
  app.route("/v1/traces", traceRoutes(runtime));
  app.route("/v1/trajectories", trajectoryRoutes(runtime));
  app.route("/v1/strategies", strategyRoutes(runtime));
  app.route("/v1/concepts", conceptRoutes(runtime));
  app.route("/v1/error-patterns", errorPatternRoutes(runtime));
  app.route("/v1/learning", learningRoutes(runtime));
  app.route("/v1/examples", exampleRoutes(runtime));
  app.route("/v1/datasets", datasetRoutes(runtime));
  app.route("/v1/jobs", jobRoutes(runtime));
  app.route("/v1/models", modelRoutes(runtime));
  app.route("/v1/pipeline", pipelineRoutes(runtime));
  app.route("/v1/dead-letters", deadLetterRoutes(runtime));
  app.route("/v1/stats", statsRoutes(runtime));
  app.route("/", openApiRoutes());
  app.route("/", docsRoutes());
  app.route("/", consoleRoutes(runtime));
  return app;
}
