/**
 * `LearningConfig`: how learning runs, validated once. Built from the environment at
 * start-up and replaced whole or in part through `PUT /v1/learning/config`.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";

export const creditStrategies = ["simple", "llm", "counterfactual"] as const;
export const patternExtractors = ["llm", "text", "both"] as const;

export const learningConfigSchema = z.strictObject({
  /** Which steps earned the outcome. `llm` falls back to `simple` without an API key. @default "llm" */
  creditStrategy: z.enum(creditStrategies).default("llm"),
  /** How code concepts are found. `llm` and `both` use `text` alone without an API key. @default "both" */
  patternExtractor: z.enum(patternExtractors).default("both"),
  /** Learned trajectories since the last batch before a batch runs. @default 50 */
  minTrajectories: z.number().int().min(1).default(50),
  /** When set, a batch also waits this long after the previous one. */
  minHoursSinceLast: z.number().min(0).optional(),
  /** When set, a batch also needs this share (0–1) of successes since the previous one. */
  minSuccessRate: z.number().min(0).max(1).optional(),
});

export type LearningConfig = z.infer<typeof learningConfigSchema>;

/** The defaults: what a fresh deployment runs. */
export const defaultLearningConfig: LearningConfig = learningConfigSchema.parse({});

/** A validated configuration from plain data, or E7502 listing every problem. */
export function parseLearningConfig(input: unknown): LearningConfig {
  const parsed = learningConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
  throw new AtlasError("E7502", `invalid learning configuration: ${problems.join("; ")}`, { details: problems });
}

/** `current` with `patch` applied: a field set to null is cleared back to its default. */
export function mergeLearningConfig(current: LearningConfig, patch: unknown): LearningConfig {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new AtlasError("E7502", "invalid learning configuration: expected a JSON object");
  }
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return parseLearningConfig(merged);
}
