/**
 * `isAbstractable`: should a trajectory become a new strategy? Judged on novelty
 * (against the strategies the library already has), generalisability and
 * complexity: by the model when there is one, by rules when there is not.
 *
 * The rules judge the compressed plan (`planOf`: at most 12 steps, a long run's
 * cycles folded), never the raw run, so a shell run of forty commands is neither too
 * simple nor too particular for being long. Only a success generalises (a failure's
 * lesson is its error pattern); a plan of one move is too simple to teach (a shell
 * phase counts its distinct programs: `find | sort | md5sum` is three moves, a lone
 * `ls` one); a plan past the cap would be too particular; a plan the library already
 * holds is not novel, and the trajectory reinforces that strategy instead.
 *
 * @module
 */
import { z } from "zod";
import { abstractabilityPrompt, abstractabilitySystem } from "../llm/prompts/abstractability.ts";
import type { Llm } from "../llm/llm.ts";
import { capitalise, maxPlanSteps, type Plan } from "./plan/mod.ts";
import { type Strategy, strategyIdOf } from "./strategy.ts";
import type { Trajectory } from "./trajectory.ts";

export interface Abstractability {
  abstractable: boolean;
  reasoning: string;
  /** 0–1 each. */
  scores: { novelty: number; generalisability: number; complexity: number };
  /** The library's strategy this trajectory repeats, when it is not novel. */
  duplicateOf?: string;
  judge: "model" | "rules";
}

/** Fewest moves worth a strategy (code plans count their commented steps). */
const minMoves = 2;
/** Most plan steps before a plan is too particular to reuse: the cap `planOf` compresses to. */
const maxSteps = maxPlanSteps;

/** How much a plan teaches: its steps, or the distinct programs and tools they used when those are more. */
export const movesOf = (plan: Plan) =>
  Math.max(plan.steps.length, new Set(plan.steps.flatMap((s) => s.uses ?? [])).size);

/** A success, or a partial outcome scored at least 0.5. */
export const succeeded = (t: Trajectory) =>
  t.outcome === "success" || (t.outcome === "partial" && (t.score ?? 0) >= 0.5);

/** The rules' judgement. `similar` are the library's nearest strategies. */
export function judgeByRules(trajectory: Trajectory, plan: Plan, similar: readonly Strategy[]): Abstractability {
  const id = strategyIdOf(plan);
  const duplicate = similar.find((s) => s.id === id);
  const generalisability = succeeded(trajectory) ? 1 : 0;
  const moves = movesOf(plan);
  const complexity = moves >= minMoves && plan.steps.length <= maxSteps ? 1 : 0;
  const novelty = duplicate ? 0 : 1;
  const reasons = [
    generalisability
      ? `it ${trajectory.outcome === "success" ? "succeeded" : "mostly succeeded"}`
      : `it ended ${trajectory.outcome ?? "without an outcome"}; failures teach error patterns, not plans`,
    moves < minMoves
      ? `its plan has ${plural(plan.steps.length, "step")}${
        moves > plan.steps.length || plan.steps.some((s) => s.uses) ? ` and ${plural(moves, "move")}` : ""
      }, too simple to teach`
      : plan.steps.length > maxSteps
      ? `its plan has ${plan.steps.length} steps, too particular to reuse`
      : `its plan (${plan.steps.map((s) => s.verb).join(" → ")}) has ${plural(plan.steps.length, "step")}${
        moves > plan.steps.length ? ` and ${moves} moves` : ""
      }`,
    duplicate
      ? `the library already has "${duplicate.title}" for the same plan`
      : "no strategy in the library has this plan",
  ];
  return {
    abstractable: generalisability === 1 && complexity === 1 && novelty === 1,
    reasoning: `${capitalise(reasons.join("; "))}.`,
    scores: { novelty, generalisability, complexity },
    ...(duplicate && { duplicateOf: duplicate.id }),
    judge: "rules",
  };
}

const verdictSchema = z.object({
  abstractable: z.boolean(),
  reasoning: z.string().min(1),
  novelty: z.number().min(0).max(1),
  generalisability: z.number().min(0).max(1),
  complexity: z.number().min(0).max(1),
  duplicateOf: z.string().nullable().describe("id of the similar strategy this repeats, or null"),
});

/** The model's judgement of the compressed plan; a `duplicateOf` naming no shown strategy is ignored. */
export async function judgeByModel(
  llm: Llm,
  trajectory: Trajectory,
  plan: Plan,
  similar: readonly Strategy[],
): Promise<Abstractability> {
  const verdict = await llm.structured({
    purpose: "abstractability",
    system: abstractabilitySystem,
    prompt: abstractabilityPrompt(trajectory, plan, similar),
    schema: verdictSchema,
    tool: { name: "record_verdict", description: "Record whether the trajectory should become a new strategy." },
    maxTokens: 600,
  });
  const duplicate = similar.find((s) => s.id === verdict.duplicateOf);
  return {
    // A failure is never a strategy, whatever the model says.
    abstractable: verdict.abstractable && succeeded(trajectory) && !duplicate,
    reasoning: verdict.reasoning,
    scores: {
      novelty: verdict.novelty,
      generalisability: verdict.generalisability,
      complexity: verdict.complexity,
    },
    ...(duplicate && { duplicateOf: duplicate.id }),
    judge: "model",
  };
}

/** The judgement: the model's with an `llm`, the rules' without. */
export function isAbstractable(
  trajectory: Trajectory,
  plan: Plan,
  similar: readonly Strategy[],
  llm?: Llm,
): Promise<Abstractability> {
  return llm ? judgeByModel(llm, trajectory, plan, similar) : Promise.resolve(judgeByRules(trajectory, plan, similar));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
