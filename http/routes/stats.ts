/**
 * `GET /v1/stats`: one look at the whole runtime: trajectories by state and
 * outcome, late events, dead letters by code, the pipeline's state, and the
 * learning strategies in force.
 *
 * @module
 */
import { Hono } from "hono";
import type { Runtime } from "../../runtime.ts";

export function statsRoutes(runtime: Runtime): Hono {
  return new Hono().get("/", async (c) => {
    const [counts, deadLetters] = await Promise.all([runtime.trajectories.counts(), runtime.deadLetters.counts()]);
    const { pipeline, config } = runtime;
    return c.json({
      trajectories: { total: counts.trajectories, byState: counts.byState, byOutcome: counts.byOutcome },
      lateEvents: counts.lateEvents,
      deadLetters: { total: Object.values(deadLetters).reduce((sum, n) => sum + n, 0), byCode: deadLetters },
      pipeline: {
        source: runtime.source.kind,
        ready: pipeline.ready,
        inFlight: pipeline.inFlight,
        actorsInMemory: runtime.metrics.actors.value(),
        analysisBacklog: runtime.worker.backlog,
      },
      learning: {
        creditStrategy: runtime.creditStrategy,
        llm: config.anthropic.apiKey ? "enabled" : "disabled: no ANTHROPIC_API_KEY (heuristic strategies only)",
      },
    });
  });
}
