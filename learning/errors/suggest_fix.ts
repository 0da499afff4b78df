/**
 * `suggestFixes`: the model proposes a fix for each error pattern no run got past.
 *
 * Patterns that already have a fix (from a trajectory) are left alone and cost
 * nothing. The others go out in batches, several patterns to one call, numbered in the
 * prompt (`llm/prompts/error_fix.ts`); the model may leave out a pattern it cannot
 * fix, which then keeps no fix. A number the batch does not have is a malformed
 * answer (E7912), as in the credit strategy, so callers treat both alike. Errors of
 * the LLM port (E7911, E7701, E7912) propagate: whether to retry is the caller's call.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Llm } from "../../llm/llm.ts";
import { errorFixPrompt, type ErrorFixPromptLimits, errorFixSystem } from "../../llm/prompts/error_fix.ts";
import type { ErrorPatternDraft } from "./cluster.ts";

/** The answer the model must give, as the tool's input. */
export const errorFixAnswerSchema = z.object({
  fixes: z.array(z.object({
    pattern: z.number().int().min(1).describe("The pattern's number, as shown in the prompt."),
    fix: z.string().min(1).describe("One or two imperative sentences telling the agent what to do instead."),
  })),
});
export type ErrorFixAnswer = z.infer<typeof errorFixAnswerSchema>;

export interface SuggestFixOptions extends ErrorFixPromptLimits {
  /** Patterns asked about in one call. @default 8 */
  batchSize?: number;
  /** @default 2048 */
  maxTokens?: number;
  /** Characters kept of a fix. @default 400 */
  maxFixChars?: number;
}

const tool = {
  name: "suggest_fixes",
  description: "Give, for each numbered error pattern you can fix, the fix an agent should apply.",
};

/** The patterns, in the same order, with model fixes (`fixSource: "model"`) where they had none. */
export async function suggestFixes(
  patterns: readonly ErrorPatternDraft[],
  llm: Llm,
  options: SuggestFixOptions = {},
): Promise<ErrorPatternDraft[]> {
  const out = patterns.map((p) => ({ ...p }));
  const unfixed = out.filter((p) => p.suggestedFix === null);
  const size = Math.max(1, options.batchSize ?? 8);
  for (let from = 0; from < unfixed.length; from += size) {
    const batch = unfixed.slice(from, from + size);
    const answer = await llm.structured({
      purpose: "error_fix",
      system: errorFixSystem,
      prompt: errorFixPrompt(batch, options),
      schema: errorFixAnswerSchema,
      tool,
      maxTokens: options.maxTokens ?? 2048,
    });
    for (const { pattern, fix } of answer.fixes) {
      const target = batch[pattern - 1];
      if (!target) {
        throw new AtlasError("E7912", `model named error pattern ${pattern}; the batch has ${batch.length}`, {
          details: { pattern, batch: batch.map((p) => p.id) },
        });
      }
      const text = fix.replace(/\s+/g, " ").trim().slice(0, options.maxFixChars ?? 400);
      // The first answer for a pattern stands; a repeat adds nothing.
      if (target.suggestedFix !== null || text === "") continue;
      target.suggestedFix = text;
      target.fixSource = "model";
    }
  }
  return out;
}
