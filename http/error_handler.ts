/**
 * The one place an error becomes a response: every AtlasError (and anything else
 * thrown, as E7999) answers with the contract's `{ error: { code, message, details? } }`
 * and the catalogue's status; an unknown route answers E7012.
 *
 * @module
 */
import type { ErrorHandler, NotFoundHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AtlasError, ensureError, toErrorBody } from "../errors.ts";
import type { Logger } from "../log.ts";

/** Seconds a client should wait before retrying a request refused for a passing outage. */
export const retryAfterSeconds = 1;

/** The app's `onError`: logs server faults, answers with the error body. */
export function handleError(log: Logger): ErrorHandler {
  return (thrown, c) => {
    const error = ensureError(thrown);
    const requestId = c.get("requestId") as string | undefined;
    if (error.status >= 500) {
      log.error("request failed", { requestId, method: c.req.method, path: c.req.path, code: error.code, error });
    }
    if (error.retryable) c.header("Retry-After", String(retryAfterSeconds));
    // An unexpected fault's message may carry internals (SQL, paths): it stays in the log.
    const shown = error.code === "E7999" ? new AtlasError("E7999", `internal error (request ${requestId})`) : error;
    return c.json(toErrorBody(shown), error.status as ContentfulStatusCode);
  };
}

/** The app's `notFound`: E7012 for a path no router serves. */
export const routeNotFound: NotFoundHandler = (c) =>
  c.json(toErrorBody(new AtlasError("E7012", `no route for ${c.req.method} ${c.req.path}`)), 404);
