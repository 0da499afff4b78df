/**
 * The llm credit strategy: the model reads the trajectory and names its key steps,
 * each with a weight and a one-line reason.
 *
 * The trajectory goes out as `[index] kind: content` lines, each step capped and the
 * whole capped with the middle elided (see `llm/prompts/credit.ts`). The answer is
 * checked against the trajectory, not only against its schema: a step index the
 * trajectory does not have is a malformed answer (E7912), like one that fails the
 * schema, so the caller's retry and failure handling treat both alike. Weights are
 * normalised to shares summing to 1; a step named twice keeps the sum of its weights.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import { creditPrompt, creditSystemPrompt } from "../../llm/prompts/credit.ts";
import type { TrajectoryTextLimits } from "../../llm/prompts/trajectory_text.ts";
import type { Llm } from "../../llm/llm.ts";
import type { Credit } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import type { Attribution, CreditStrategy, StepReason } from "./strategy.ts";

/** The answer the model must give, as the tool's input. */
export const creditAnswerSchema = z.object({
  keySteps: z.array(z.object({
    index: z.number().int().min(0).describe("The step's index, as shown in square brackets."),
    score: z.number().min(0).max(1).describe("The step's share of the responsibility for the outcome, 0 to 1."),
    why: z.string().min(1).describe("One line: why this step was key, specific to this trajectory."),
  })).min(1).max(10),
});
export type CreditAnswer = z.infer<typeof creditAnswerSchema>;

export interface LlmCreditOptions extends TrajectoryTextLimits {
  /** @default 1024 */
  maxTokens?: number;
}

const tool = {
  name: "assign_credit",
  description: "Report the key steps of the trajectory, each with its weight and why it was key.",
};

/** A credit strategy asking `llm` which steps earned the outcome. */
export function llmCredit(llm: Llm, options: LlmCreditOptions = {}): CreditStrategy {
  const attributeWithReasons = async (trajectory: Trajectory): Promise<Attribution> => {
    // Nothing to ask about: no call, no cost.
    if (trajectory.steps.length === 0) return { credit: [], reasons: [] };
    const { prompt } = creditPrompt(trajectory, options);
    const answer = await llm.structured({
      purpose: "credit",
      system: creditSystemPrompt,
      prompt,
      schema: creditAnswerSchema,
      tool,
      maxTokens: options.maxTokens ?? 1024,
    });
    return fromAnswer(answer, trajectory);
  };
  return {
    name: "llm",
    attributeWithReasons,
    attribute: async (trajectory) => (await attributeWithReasons(trajectory)).credit,
  };
}

/**
 * Credit and reasons from a schema-valid answer, checked against the trajectory.
 * Throws AtlasError E7912 when the answer names a step the trajectory does not have.
 */
export function fromAnswer(answer: CreditAnswer, trajectory: Trajectory): Attribution {
  const known = new Set(trajectory.steps.map((s) => s.index));
  const weights = new Map<number, number>();
  const whys = new Map<number, string[]>();
  for (const { index, score, why } of answer.keySteps) {
    if (!known.has(index)) {
      throw new AtlasError("E7912", `model named step ${index} which the trajectory does not have`, {
        details: { trajectoryId: trajectory.id, index },
      });
    }
    weights.set(index, (weights.get(index) ?? 0) + score);
    whys.set(index, [...(whys.get(index) ?? []), oneLine(why)]);
  }
  const credit = normalise(weights);
  const reasons: StepReason[] = credit.map(({ index }) => ({ index, why: whys.get(index)!.join("; ") }));
  return { credit, reasons };
}

/**
 * Shares summing to 1, largest first. When the model weighted every named step 0 it
 * still named them as key, so they share equally rather than the answer being lost.
 */
function normalise(weights: Map<number, number>): Credit[] {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const share = (w: number) => total > 0 ? w / total : 1 / weights.size;
  return [...weights].map(([index, w]) => ({ index, score: share(w) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

const oneLine = (text: string) => text.trim().replace(/\s+/g, " ");
