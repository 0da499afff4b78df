/**
 * The wire contract of `GET /v1/stats`: one look at the whole runtime.
 *
 * @module
 */
import { z } from "zod";
import { count, counts, errorCodes, opaque } from "./common.ts";
import { batchRun } from "./learning.ts";

export const stats = z.object({
  trajectories: z.object({ total: count, byState: counts, byOutcome: counts }),
  lateEvents: count,
  deadLetters: z.object({ total: count, byCode: z.partialRecord(z.enum(errorCodes), count) }),
  pipeline: z.object({
    source: z.string(),
    ready: z.boolean(),
    inFlight: count,
    actorsInMemory: count,
    analysisBacklog: count,
  }),
  learning: z.object({
    creditStrategy: z.string(),
    patternExtractor: z.string(),
    notices: z.array(z.string()),
    llm: z.string().meta({ description: "enabled: <model>, or disabled and why" }),
    learnedTrajectories: z.object({ trajectories: count, successes: count }),
    backlog: z.object({
      waiting: count,
      oldestAgeMs: count.nullable(),
      inMemory: count,
      learnedPerSecond: z.number(),
    }),
    memory: z.object({
      strategies: z.object({ active: count, pruned: count }),
      concepts: z.object({ active: count, pruned: count }),
      errorPatterns: count,
      errorOccurrences: count,
    }),
    batch: z.object({ state: z.enum(["idle", "running"]), runs: count, lastRun: batchRun.nullable() }),
    usage: opaque("object", "the model's calls, tokens and cost: total, byPurpose, unpricedModels"),
  }),
  trainingData: opaque(
    "object",
    "examples by domain and source, joins by status, datasets, the extractor's last round",
  ),
  training: z.object({ jobs: counts, models: counts }),
});
