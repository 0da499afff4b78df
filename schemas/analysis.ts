/**
 * What learning attaches to a trajectory, as the API shows it: credit per step and
 * the analysis.
 *
 * @module
 */
import { z } from "zod";

/** Credit for one step: its share of the outcome (shares of one trajectory sum to 1). */
export const creditSchema = z.object({ index: z.number().int().min(0), score: z.number() });
export type Credit = z.infer<typeof creditSchema>;

export const analysisSchema = z.object({
  /** The credit strategy that produced the credit. */
  strategy: z.string(),
  /** Steps that earned the outcome, most important first. */
  keySteps: z.array(z.number().int().min(0)),
  summary: z.string(),
  /** Why each key step earned its credit, when the strategy can say. */
  reasons: z.array(z.object({ index: z.number().int().min(0), why: z.string() })).optional(),
  /** Set when the configured strategy handed over to another one, and why. */
  fallback: z.object({ strategy: z.string(), reason: z.string() }).optional(),
  /** The errors the trajectory met, normalised (the error patterns' raw material). */
  errors: z.array(z.object({ index: z.number().int().min(0), text: z.string(), template: z.string() })).optional(),
  /** What the trajectory added to memory: a new strategy, more support for one, or nothing, and why. */
  memory: z.object({
    update: z.enum(["create", "reinforce", "none"]),
    strategyId: z.string().optional(),
    judge: z.enum(["model", "rules"]),
    reasoning: z.string(),
  }).optional(),
});
export type Analysis = z.infer<typeof analysisSchema>;
