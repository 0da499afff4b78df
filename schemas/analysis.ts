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
});
export type Analysis = z.infer<typeof analysisSchema>;
