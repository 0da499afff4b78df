/**
 * The live console: server-rendered pages over the runtime's own stores and services
 * (the objects the API routes use, never SQL of its own), one stylesheet and one
 * script of its own, a strict Content-Security-Policy, and forms for the actions.
 * Mounted at `/` beside the API; `/v1/*` stays the API's.
 *
 * Pages: `/` overview, `/trajectories` (and `/:id`), `/memory`, `/datasets` (and
 * `/:name/:version`), `/jobs` (and `/:id`), `/models` (and `/:id`); `/login`,
 * `/logout`; actions under `/actions/*`; files under `/assets/*`.
 *
 * @example
 * ```ts
 * app.route("/", consoleRoutes(runtime));
 * ```
 *
 * @module
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { Runtime } from "../runtime.ts";
import { actionRoutes } from "./actions.ts";
import { assetRoutes } from "./assets.ts";
import { consoleError } from "./error_page.tsx";
import { loginRoutes } from "./login.tsx";
import { datasetPages } from "./pages/datasets.tsx";
import { jobPages } from "./pages/jobs.tsx";
import { memoryPage } from "./pages/memory.tsx";
import { modelPages } from "./pages/models.tsx";
import { overviewPage } from "./pages/overview.tsx";
import { trajectoryPages } from "./pages/trajectories.tsx";

/** Our own files only: no inline script or style, no other origin, no framing. */
export const contentSecurityPolicy =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/** The console's paths, so its headers and error pages stay off the API's. */
const paths = [
  "/",
  "/login",
  "/logout",
  "/trajectories",
  "/trajectories/*",
  "/memory",
  "/datasets",
  "/datasets/*",
  "/jobs",
  "/jobs/*",
  "/models",
  "/models/*",
  "/actions/*",
  "/assets/*",
];

const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Content-Security-Policy", contentSecurityPolicy);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  if (!c.req.path.startsWith("/assets/")) c.header("Cache-Control", "no-store");
};

/** The console over `runtime`, to mount at `/`. */
export function consoleRoutes(runtime: Runtime): Hono {
  const app = new Hono();
  for (const path of paths) app.use(path, securityHeaders);
  app.onError(consoleError(runtime.log));
  app.route("/", assetRoutes());
  app.route("/", loginRoutes({ api: runtime.config.apiToken, read: runtime.config.readToken }));
  app.route("/", overviewPage(runtime));
  app.route("/", trajectoryPages(runtime));
  app.route("/", memoryPage(runtime));
  app.route("/", datasetPages(runtime));
  app.route("/", jobPages(runtime));
  app.route("/", modelPages(runtime));
  app.route("/", actionRoutes(runtime));
  return app;
}
