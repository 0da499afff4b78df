/**
 * The wire contract of what learning found: strategies (`/v1/strategies`), code
 * concepts (`/v1/concepts`) and error patterns (`/v1/error-patterns`).
 *
 * @module
 */
import { z } from "zod";
import { count, epochMs, itemsOf } from "./common.ts";

export const strategyQuery = z.object({
  q: z.string().max(1_000).optional().meta({ description: "a task description: ranks by BM25 and vectors" }),
  k: z.coerce.number().int().min(1).max(50).default(5),
  family: z.string().max(200).optional(),
  status: z.enum(["active", "pruned"]).default("active"),
});

const pruned = z.object({ at: epochMs, reason: z.string() }).optional()
  .meta({ description: "when and why pruning took it out" });

export const strategy = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().meta({ description: "when to use it" }),
  score: z.number().nullable().meta({ description: "relevance to q; null when not ranked" }),
  sourceTrajectories: z.array(z.string()),
  family: z.string().nullable(),
  plan: z.array(z.string()),
  pitfalls: z.array(z.string()),
  support: count,
  author: z.enum(["model", "rules"]),
  retrievals: count,
  createdAt: epochMs,
  updatedAt: epochMs,
  pruned,
});

export const strategyList = itemsOf(strategy);

export const conceptQuery = z.object({
  q: z.string().max(1_000).optional(),
  k: z.coerce.number().int().min(1).max(100).default(10),
});

export const concept = z.object({
  id: z.string(),
  language: z.string(),
  template: z.string().meta({ description: "source with $1, $2… where the examples differ" }),
  holes: count,
  frequency: count,
  trajectories: z.array(z.string()),
  examples: z.array(z.object({ trajectoryId: z.string(), stepIndex: count, source: z.string() })),
  name: z.string(),
  signature: z.string(),
  docs: z.string(),
  author: z.enum(["text", "llm", "both"]),
  score: z.number().nullable(),
  retrievals: count,
  createdAt: epochMs,
  updatedAt: epochMs,
  pruned,
});

export const conceptList = itemsOf(concept);

export const errorPatternQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  family: z.string().max(200).optional(),
  q: z.string().max(2_000).optional().meta({ description: "an error text: ranks the patterns by relevance" }),
});

export const errorPattern = z.object({
  id: z.string(),
  family: z.string().nullable(),
  name: z.string(),
  signature: z.string().meta({ description: "a regular expression matching every example" }),
  frequency: count,
  distinctTrajectories: count,
  suggestedFix: z.string().nullable(),
  fixSource: z.enum(["trajectory", "model"]).nullable(),
  examples: z.array(z.object({
    trajectoryId: z.string(),
    index: count,
    text: z.string(),
    action: z.string().optional(),
  })),
  updatedAt: epochMs,
  score: z.number().optional(),
});

export const errorPatternList = itemsOf(errorPattern);
