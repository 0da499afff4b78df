/**
 * The access log: one structured line per request with its id, method, path,
 * status and duration. Headers and bodies are never logged: they carry tokens and
 * agents' traces.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { RequestIdVariables } from "hono/request-id";
import type { Logger } from "../../log.ts";

/** Logs each request once its response is ready (for a stream: when it starts). */
export function accessLog(log: Logger): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
