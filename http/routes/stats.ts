/**
 * `GET /v1/stats`: one look at the whole runtime: trajectories by state and
 * outcome, late events, dead letters by code, the pipeline's state, and learning:
 * the strategies in force, the backlog (trajectories waiting to be learned, the
 * longest wait, the rate), the memory's size, the batch actor, and the model's token
 * use and cost; training data: examples by domain and source, joins by status, datasets
 * and versions, and the extractor's last round; training: jobs by state, models by stage.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import type { stats } from "../contract/stats.ts";

export function statsRoutes(runtime: Runtime): Hono {
  return new Hono().get("/", async (c) => {
    const { pipeline, learning } = runtime;
    const [counts, deadLetters, strategies, concepts, errors, learned, backlog] = await Promise.all([
      runtime.trajectories.counts(),
      runtime.deadLetters.counts(),
      learning.strategies.counts(),
      learning.concepts.counts(),
      learning.errorPatterns.count(),
      learning.learned.since(null),
      runtime.trajectories.backlog(),
    ]);
    const status = learning.status();
    const trainingData = await runtime.trainingData.status();
    const training = await runtime.training.status();
    return c.json(
      {
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
          creditStrategy: status.running.creditStrategy,
          patternExtractor: status.running.patternExtractor,
          notices: status.notices,
          llm: status.llm.enabled
            ? `enabled: ${status.llm.model}`
            : "disabled: no ANTHROPIC_API_KEY (heuristic strategies only)",
          learnedTrajectories: learned,
          backlog: {
            waiting: backlog.waiting,
            oldestAgeMs: backlog.oldestSince === null ? null : Math.max(0, runtime.clock.now() - backlog.oldestSince),
            inMemory: runtime.worker.backlog,
            learnedPerSecond: Number(runtime.worker.rate.perSecond().toFixed(1)),
          },
          memory: {
            strategies,
            concepts,
            errorPatterns: errors.patterns,
            errorOccurrences: errors.occurrences,
          },
          batch: { state: status.batch.state, runs: status.batch.runs, lastRun: status.batch.lastRun },
          usage: learning.usage.snapshot(),
        },
        trainingData,
        training,
      } satisfies z.output<typeof stats>,
    );
  });
}
