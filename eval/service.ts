/**
 * The service under evaluation, in process: the real runtime on a fresh libSQL file
 * and the embedded log, driven only through its HTTP API (`app.request`), as agents
 * would drive it. The eval's only effects live here.
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { createLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";

/** Events per POST are those of this many trajectories: well under the body limit. */
const perRequest = 40;
/** `q` is capped at this many characters by the API. */
const maxQuery = 1_000;
/** Give up when learning makes no progress for this long. */
const stallMs = 120_000;

export interface Service {
  /** `mode` as the eval prints it: heuristic, or the model in use. */
  mode: string;
  /** POSTs the runs' events, `perRequest` trajectories at a time. */
  replay(runs: readonly { events: unknown[] }[]): Promise<void>;
  /** Resolves once `count` trajectories have been learned from. */
  waitLearned(count: number): Promise<void>;
  /** The families of the top `k` strategies for `task`. */
  strategies(task: string, k: number): Promise<(string | null)[]>;
  /** The memory's sizes, from `/v1/stats`. */
  memory(): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts the runtime in `folder` (created, and removed by `stop`). */
export async function startService(folder: string): Promise<Service> {
  const config = loadConfig({
    ATLAS_DB_URL: `file:${folder}/atlas.db`,
    ATLAS_CLOSE_GRACE_MS: "0",
    ATLAS_LOG_LEVEL: "warn",
    ANTHROPIC_API_KEY: Deno.env.get("ANTHROPIC_API_KEY"),
  });
  const runtime = await createRuntime(config, { log: createLogger("warn") });
  const app = createApp(runtime);
  await runtime.start();

  const call = async (path: string, init?: RequestInit) => {
    const response = await app.request(path, init);
    if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
    return await response.json();
  };
  const learned = async () => (await runtime.learning.learned.since(null)).trajectories;

  return {
    mode: runtime.learning.llm ? `model ${runtime.learning.llm.model}` : "heuristic (no ANTHROPIC_API_KEY)",
    async replay(runs) {
      for (let i = 0; i < runs.length; i += perRequest) {
        const events = runs.slice(i, i + perRequest).flatMap((r) => r.events);
        const answer = await call("/v1/events", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(events),
        }) as { rejected: unknown[] };
        if (answer.rejected.length) throw new Error(`the service rejected ${JSON.stringify(answer.rejected[0])}`);
      }
    },
    async waitLearned(count) {
      let last = -1;
      let since = Date.now();
      for (let now = await learned(); now < count; now = await learned()) {
        if (now !== last) [last, since] = [now, Date.now()];
        if (Date.now() - since > stallMs) throw new Error(`only ${now} of ${count} trajectories learned`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async strategies(task, k) {
      const q = encodeURIComponent(task.slice(0, maxQuery));
      const answer = await call(`/v1/strategies?k=${k}&q=${q}`) as { items: { family: string | null }[] };
      return answer.items.map((s) => s.family);
    },
    async memory() {
      return ((await call("/v1/stats")) as { learning: { memory: unknown } }).learning.memory;
    },
    async stop() {
      await runtime.stop();
      await Deno.remove(folder, { recursive: true });
    },
  };
}
