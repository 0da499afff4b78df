/**
 * How an error reads in the console: a page with its E7xxx code, the catalogue's
 * title and the message, at the error's status; never a stack trace. An unexpected
 * fault (E7999) is logged, and its message, which may carry internals, is not shown.
 *
 * @module
 */
import type { ErrorHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AtlasError, catalogue, ensureError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { Page } from "./layout.tsx";

/** The console's `onError`. */
export function consoleError(log: Logger): ErrorHandler {
  return (thrown, c) => {
    const error = ensureError(thrown);
    const requestId = c.get("requestId") as string | undefined;
    if (error.status >= 500) {
      log.error("console request failed", {
        requestId,
        method: c.req.method,
        path: c.req.path,
        code: error.code,
        error,
      });
    }
    const shown = error.code === "E7999" ? new AtlasError("E7999", `internal error (request ${requestId})`) : error;
    return c.html(
      <Page title={catalogue[shown.code].title}>
        <p class="error-code">{shown.code}</p>
        <p>{shown.message}</p>
        <p>
          <a href="/">Back to the overview</a>
        </p>
      </Page>,
      shown.status as ContentfulStatusCode,
    );
  };
}
