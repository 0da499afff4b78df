/**
 * Evaluation events: ATLAS's own `atlas.evaluation.completed` for a trajectory, and
 * the upstream layers' events of CONTRACT section 4 (L02 execution, L05 planning,
 * L06 evaluation), which join on the execution id.
 *
 * @module
 */
import { z } from "zod";

export const evaluationCompletedSchema = z.looseObject({
  trajectoryId: z.string().min(1).max(256),
  qualityScore: z.number().min(0).max(100),
  confidence: z.number().min(0).max(1),
  evaluator: z.string().optional(),
  dimensions: z.record(z.string(), z.number()).optional(),
});
export type EvaluationCompleted = z.infer<typeof evaluationCompletedSchema>;

/** L02 and L05 carry an execution id (or trace id), an input and an output. */
export const upstreamSchema = z.looseObject({
  executionId: z.string().min(1).max(256).optional(),
  trace_id: z.string().min(1).max(256).optional(),
  input: z.unknown(),
  output: z.unknown(),
}).refine((d) => d.executionId !== undefined || d.trace_id !== undefined, {
  message: "executionId or trace_id is required",
  path: ["executionId"],
});

/** L06 adds the quality score (0–100) and the confidence (0–1). */
export const upstreamEvaluationSchema = z.looseObject({
  executionId: z.string().min(1).max(256).optional(),
  trace_id: z.string().min(1).max(256).optional(),
  input: z.unknown(),
  output: z.unknown(),
  quality_score: z.number().min(0).max(100),
  confidence: z.number().min(0).max(1),
}).refine((d) => d.executionId !== undefined || d.trace_id !== undefined, {
  message: "executionId or trace_id is required",
  path: ["executionId"],
});

export type Upstream = z.infer<typeof upstreamSchema>;
export type UpstreamEvaluation = z.infer<typeof upstreamEvaluationSchema>;

/** The id an upstream event joins on. */
export const executionIdOf = (data: { executionId?: string | undefined; trace_id?: string | undefined }) =>
  (data.executionId ?? data.trace_id)!;
