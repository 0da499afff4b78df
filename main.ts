/**
 * The service: config → runtime (store, source, actors, pipeline) → HTTP. SIGINT
 * and SIGTERM stop it gracefully: stop fetching, flush and commit, close.
 *
 * @module
 */
import { type Config, describeConfig, loadConfig } from "./config.ts";
import { AtlasError } from "./errors.ts";
import { createApp } from "./http/app.ts";
import { createLogger } from "./log.ts";
import { createRuntime } from "./runtime.ts";
import { checkWritablePaths } from "./writable_paths.ts";

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
    checkWritablePaths(config);
  } catch (error) {
    const { code, message } = error as AtlasError;
    console.error(`${code}: ${message}`);
    return 2;
  }
  const log = createLogger(config.logLevel);
  const runtime = await createRuntime(config, { log });
  log.info("starting", {
    source: config.kafka ? `kafka ${config.kafka.brokers.join(",")} topic ${config.topic}` : "embedded event log",
    config: describeConfig(config),
  });
  if (!config.apiToken) {
    log.warn(
      `no ATLAS_API_TOKEN: the API is open, so it listens on ${config.host} only` +
        (config.hostRefused ? ` (ATLAS_HOST=${config.hostRefused} needs a token)` : ""),
    );
  }
  if (!config.anthropic.apiKey) {
    log.info("no ANTHROPIC_API_KEY: heuristic learning strategies only", {
      creditStrategy: runtime.learning.creditStrategy,
    });
  }
  let server: Deno.HttpServer;
  try {
    server = Deno.serve(
      {
        hostname: config.host,
        port: config.port,
        onListen: ({ hostname, port }) =>
          log.info(whereEverythingIs(config, `http://${hostname}:${port}`), { hostname, port }),
      },
      createApp(runtime).fetch,
    );
  } catch (error) {
    if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    console.error(
      `E7500: PORT (${config.port}): ${config.host}:${config.port} is in use, by another service or a copy of this one`,
    );
    await runtime.stop();
    return 2;
  }
  await runtime.start();

  const stopped = Promise.withResolvers<number>();
  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    try {
      await runtime.stop();
      await server.shutdown();
      log.info("stopped");
      stopped.resolve(code);
    } catch (error) {
      log.error("unclean stop", { error: error as Error });
      stopped.resolve(1);
    }
  };
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
  // Brokers come and go without ending anything: the pipeline ends only on a
  // configuration error the operator must fix (E7500, it says what), or on a fault of
  // ours. Exit non-zero either way; a restart resumes from the stored offsets.
  runtime.pipeline.ended.then(async () => {
    if (stopping) return;
    const failure = runtime.pipeline.failure;
    if (failure?.code === "E7500") log.error(`stopping: ${failure.message}`, { code: failure.code });
    else log.error("the pipeline ended unexpectedly; exiting", { error: failure });
    await stop("pipeline-ended", 1);
  });
  return stopped.promise;
}

/** One line for the start-up log: where to go, and what runs without its optional part. */
function whereEverythingIs(config: Config, base: string): string {
  const off = [
    ...(config.kafka ? [] : ["Kafka (KAFKA_BROKERS unset: the embedded event log)"]),
    ...(config.anthropic.apiKey ? [] : ["the model (ANTHROPIC_API_KEY unset: heuristic learning)"]),
    ...(config.apiToken ? [] : ["tokens (ATLAS_API_TOKEN unset: open, on loopback only)"]),
  ];
  return `listening: console ${base}/, API ${base}/v1, API reference ${base}/docs (${base}/openapi.json), ` +
    `metrics ${base}/metrics, health ${base}/healthz and ${base}/readyz` +
    (off.length ? `; off: ${off.join("; ")}` : "");
}

if (import.meta.main) Deno.exit(await main());
