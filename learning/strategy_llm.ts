/**
 * The model-written strategy: the same record as the heuristic one (same id, so the
 * same plan is still one strategy), with the title, guidance, plan and pitfalls
 * written by the model from the whole trajectory and the heuristic's compressed plan.
 *
 * @module
 */
import { z } from "zod";
import type { Llm } from "../llm/llm.ts";
import { strategyPrompt, strategySystem } from "../llm/prompts/strategy.ts";
import type { Strategy } from "./strategy.ts";
import type { Trajectory } from "./trajectory.ts";

const answerSchema = z.object({
  title: z.string().min(1).max(200),
  whenToUse: z.string().min(1),
  plan: z.array(z.string().min(1)).min(1).max(12),
  pitfalls: z.array(z.string().min(1)).max(8),
});

/** `heuristic` with the model's writing in place of the rules'. */
export async function writeStrategy(llm: Llm, trajectory: Trajectory, heuristic: Strategy): Promise<Strategy> {
  const answer = await llm.structured({
    purpose: "strategy",
    system: strategySystem,
    prompt: strategyPrompt(trajectory, heuristic.plan),
    schema: answerSchema,
    tool: { name: "record_strategy", description: "Record the reusable strategy the trajectory shows." },
    maxTokens: 1_200,
  });
  return {
    ...heuristic,
    title: answer.title,
    whenToUse: answer.whenToUse,
    plan: answer.plan.map((step, i) => /^\d+\./.test(step) ? step : `${i + 1}. ${step}`),
    pitfalls: answer.pitfalls,
  };
}
