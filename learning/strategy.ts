/**
 * Strategies: what a successful trajectory teaches, abstracted so a later agent on a
 * similar task can follow it. `extractStrategy` is the heuristic author (no model):
 * the plan's verbs become the title, the agent's own reasoning the steps, the errors
 * it got past the pitfalls. The model-written counterpart is in `strategy_llm.ts`.
 *
 * @module
 */
import { capitalise, excerpt, type Plan } from "./plan.ts";
import { stableId } from "./stable_id.ts";
import type { Trajectory } from "./trajectory.ts";

export interface Strategy {
  /** Derived from the plan's signature: one strategy per way of working. */
  id: string;
  family: string | null;
  title: string;
  /** When to use it: the kind of task, with examples. */
  whenToUse: string;
  /** The steps as a plan, in order. */
  plan: string[];
  /** What went wrong on the way and how it was got past. */
  pitfalls: string[];
  sourceTrajectories: string[];
  /** Descriptions of tasks it solved: what a new task is matched against. */
  tasks: string[];
  signature: string;
}

/** An error the trajectory met and, when it got past it, how. */
export interface Pitfall {
  template: string;
  recovery?: string | undefined;
}

/** The id of the strategy a plan belongs to. */
export const strategyIdOf = (plan: Plan) => stableId("s", plan.signature);

/** The heuristic strategy of a trajectory with its plan. */
export function extractStrategy(trajectory: Trajectory, plan: Plan, pitfalls: readonly Pitfall[] = []): Strategy {
  const family = trajectory.task?.family ?? null;
  const task = trajectory.task?.description ?? trajectory.id;
  const code = plan.steps.every((s) => s.verb === "code");
  const name = code
    ? humanise(trajectory.task?.id ?? "program")
    : plan.steps.map((s) => capitalise(s.verb)).join(" → ");
  return {
    id: strategyIdOf(plan),
    family,
    title: `${name}${family ? ` (${family})` : ""}`,
    whenToUse: `${family ? `${capitalise(family)} tasks` : "Tasks"} like: ${excerpt(task, 200)}`,
    plan: plan.steps.map((step, i) =>
      code
        ? `${i + 1}. ${step.example}`
        : `${i + 1}. ${step.verb}, e.g. ${step.example}${step.rationale ? ` (why: ${step.rationale})` : ""}`
    ),
    pitfalls: [...new Set(pitfalls.map((p) => p.recovery ? `${p.template} → got past with ${p.recovery}` : p.template))]
      .slice(0, 5),
    sourceTrajectories: [trajectory.id],
    tasks: [excerpt(task, 300)],
    signature: plan.signature,
  };
}

/** `craftStonePickaxe` → `Craft stone pickaxe`. */
const humanise = (name: string) =>
  capitalise(name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase());
