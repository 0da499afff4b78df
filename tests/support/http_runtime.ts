/**
 * A real runtime (embedded log, libSQL in a temporary file) with the HTTP app over
 * it, for in-process API tests through `app.request()`.
 *
 * @module
 */
import type { Hono } from "hono";
import { loadConfig } from "../../config.ts";
import { createApp } from "../../http/app.ts";
import { type Logger, silentLogger } from "../../log.ts";
import { createRuntime, type Runtime } from "../../runtime.ts";
import { waitFor } from "./wait.ts";

export interface HttpRuntime {
  runtime: Runtime;
  app: Hono;
  /** Starts the pipeline and waits until it is ready. */
  start(): Promise<void>;
  /** Stops the runtime and deletes its files. */
  close(): Promise<void>;
}

export interface HttpRuntimeOptions {
  /** Environment on top of the test defaults (short close grace). */
  env?: Record<string, string>;
  log?: Logger;
  /** Start the pipeline and wait until it is ready. @default true */
  start?: boolean;
}

/** Builds the runtime and its app; by default started and ready. */
export async function httpRuntime(options: HttpRuntimeOptions = {}): Promise<HttpRuntime> {
  const dir = await Deno.makeTempDir({ prefix: "atlas-http-" });
  const config = loadConfig({
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
    ATLAS_JOBS_DIR: `${dir}/jobs`,
    ATLAS_CLOSE_GRACE_MS: "100",
    ATLAS_BATCH_MAX_WAIT_MS: "10",
    ...options.env,
  });
  const runtime = await createRuntime(config, { log: options.log ?? silentLogger });
  const built: HttpRuntime = {
    runtime,
    app: createApp(runtime),
    async start() {
      await runtime.start();
      await waitFor(() => runtime.pipeline.ready, { message: "the pipeline to be ready" });
    },
    async close() {
      await runtime.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
  if (options.start ?? true) await built.start();
  return built;
}
