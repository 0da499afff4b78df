/**
 * The wire contract of `/v1/examples`: training examples (alone or as dataset
 * members) and the joins that make them.
 *
 * @module
 */
import { z } from "zod";
import { count, epochMs, pageAfter } from "./common.ts";

const split = z.enum(["train", "val", "test"]);

export const exampleListQuery = z.object({
  domain: z.string().max(100).optional(),
  source: z.enum(["upstream", "trajectory"]).optional(),
  minQuality: z.coerce.number().min(0).max(100).optional(),
  taskKey: z.string().max(600).optional(),
  dataset: z.string().max(100).optional().meta({ description: "with version: that dataset version's members" }),
  version: z.string().max(50).optional().meta({ description: "a version such as 1.0.0, or latest" }),
  split: split.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(600).optional().meta({ description: "the next of the previous page" }),
});

export const joinListQuery = z.object({
  status: z.enum(["waiting", "emitted", "dead", "skipped"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(600).optional(),
});

export const trainingExample = z.object({
  id: z.string().meta({ description: "exec:<executionId> or traj:<trajectoryId>" }),
  source: z.enum(["upstream", "trajectory"]),
  taskKey: z.string(),
  input: z.string(),
  output: z.string(),
  plan: z.string().nullable(),
  qualityScore: z.number().min(0).max(100),
  confidence: z.number().min(0).max(1),
  domain: z.string(),
  difficulty: z.object({
    score: z.number(),
    level: z.enum(["easy", "medium", "hard"]),
    steps: count,
    tools: count,
    tokens: count,
    errors: count,
  }),
  tokens: z.object({ input: count, output: count }),
  lineage: z.object({
    key: z.string(),
    events: z.array(z.object({ type: z.string(), source: z.string(), id: z.string() })),
    missing: z.array(z.string()),
    executionId: z.string().optional(),
    trajectoryId: z.string().optional(),
  }),
  schemaVersion: z.number().int(),
  extractedAt: epochMs,
});

/** An example as a dataset version holds it: with its split. */
export const datasetMember = trainingExample.extend({ split });

/** The examples, or with `dataset` and `version` that version's members. */
export const examplePage = z.union([pageAfter(trainingExample), pageAfter(datasetMember)]);

export const trainingJoin = z.object({
  key: z.string(),
  kind: z.string(),
  firstAt: epochMs,
  lastAt: epochMs,
  parts: z.object({ execution: z.boolean(), planning: z.boolean(), evaluation: z.boolean(), trajectory: z.boolean() }),
  pending: z.boolean(),
  status: z.enum(["waiting", "emitted", "dead", "skipped"]),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  decidedAt: epochMs.nullable(),
});

export const joinPage = pageAfter(trainingJoin);
