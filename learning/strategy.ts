/**
 * Strategies: what a successful trajectory teaches, abstracted so a later agent on a
 * similar task can follow it. `extractStrategy` is the heuristic author (no model):
 * the plan's steps, each with a concrete example and the agent's own reasoning,
 * the errors it got past as pitfalls. The model-written counterpart is in
 * `strategy_llm.ts`.
 *
 * What retrieval matches a new task against (the title, "when to use", the tasks
 * solved) comes from the task itself: for shell and tool-calling agents the title
 * and "when to use" carry the task's key terms (the component, path, product or
 * tool it names), so that a new task of the same kind, worded differently, still
 * shares words with the strategy. ReAct and code plans keep their titles (the
 * verbs; the skill's name), which already say what they are for.
 *
 * @module
 */
import { keyTerms } from "./key_terms.ts";
import { capitalise, describeStep, excerpt, type Plan } from "./plan/mod.ts";
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

/** Key terms a title carries; "when to use" carries a few more. */
const titleTerms = 4;
const whenTerms = 8;
/** Tools a tool-calling title names before "…". */
const titleTools = 4;

/** Tasks a strategy keeps for matching: the newest, so its text follows what it solves now. */
export const maxTasks = 50;

/** `strategy` once `trajectoryId`, on `task`, has reinforced it: what the store's reinforcement and refresh write. */
export function reinforced(strategy: Strategy, trajectoryId: string, task: string): Strategy {
  return {
    ...strategy,
    sourceTrajectories: [...strategy.sourceTrajectories, trajectoryId],
    tasks: [...strategy.tasks, task].slice(-maxTasks),
  };
}

/** The id of the strategy a plan belongs to. */
export const strategyIdOf = (plan: Plan) => stableId("s", plan.signature);

/** The heuristic strategy of a trajectory with its plan. */
export function extractStrategy(trajectory: Trajectory, plan: Plan, pitfalls: readonly Pitfall[] = []): Strategy {
  const family = trajectory.task?.family ?? null;
  const task = trajectory.task?.description ?? trajectory.id;
  // What kind of task it is: the family, or the domain the signature fell back to.
  const scope = family ?? scopeLabel(plan.signature);
  const terms = plan.shape === "shell" || plan.shape === "tool-calling" ? keyTerms(task, whenTerms) : [];
  const named = terms.length ? ` naming ${terms.join(", ")}` : "";
  return {
    id: strategyIdOf(plan),
    family,
    title: `${headline(trajectory, plan, terms.slice(0, titleTerms))}${scope ? ` (${scope})` : ""}`,
    whenToUse: `${scope ? `${capitalise(scope)} tasks` : "Tasks"}${named} like: ${excerpt(task, 200)}`,
    plan: plan.steps.map((step, i) =>
      plan.shape === "code"
        ? `${i + 1}. ${step.example}`
        : `${i + 1}. ${describeStep(step, plan.shape)}, e.g. ${step.example}${
          step.rationale ? ` (why: ${step.rationale})` : ""
        }`
    ),
    pitfalls: [...new Set(pitfalls.map((p) => p.recovery ? `${p.template} → got past with ${p.recovery}` : p.template))]
      .slice(0, 5),
    sourceTrajectories: [trajectory.id],
    tasks: [excerpt(task, 300)],
    signature: plan.signature,
  };
}

/** What the strategy does, in a few words: per shape, how its plan reads, with the task's terms. */
function headline(trajectory: Trajectory, plan: Plan, terms: readonly string[]): string {
  const about = terms.length ? `: ${terms.join(", ")}` : "";
  switch (plan.shape) {
    case "code":
      return humanise(trajectory.task?.id ?? "program");
    case "text-actions":
      return plan.steps.map((s) => capitalise(s.verb)).join(" → ");
    case "shell": {
      // A one-phase run (a one-liner, a look and a hand-in) is best named by its programs.
      const work = plan.steps.filter((s) => s.verb !== "submit");
      const programs = work.length === 1 ? ` (${work[0]!.uses?.slice(0, 4).join(", ")})` : "";
      return `${capitalise(plan.steps.map((s) => s.verb).join(" → "))}${programs}${about}`;
    }
    case "tool-calling": {
      const tools = [...new Set(plan.steps.filter((s) => s.uses?.length).map((s) => s.verb.split(" ")[0]!))];
      const shown = tools.length > titleTools ? [...tools.slice(0, titleTools - 1), "…", tools.at(-1)!] : tools;
      return `${capitalise(shown.join(" → ") || plan.steps.map((s) => s.verb).join(" → "))}${about}`;
    }
  }
}

/** `domain:coding|…` → `coding`; a family's signature has none, and `general` says nothing. */
function scopeLabel(signature: string): string | null {
  const domain = signature.match(/^domain:([^|]+)\|/)?.[1];
  return domain && domain !== "general" ? domain : null;
}

/** `craftStonePickaxe` → `Craft stone pickaxe`. */
const humanise = (name: string) =>
  capitalise(name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase());
