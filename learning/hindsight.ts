/**
 * The hindsight learner (SAGE mode): memory grows, weights do not. Every finished
 * trajectory is looked at again once its outcome is known:
 *
 * - `accumulate` turns a success into a retrievable plan document: a new strategy
 *   when it is abstractable, or more evidence for the strategy it repeats;
 * - `prepareTrainingData` writes what the same trajectories teach in the SOAR
 *   format, for a fine-tuning run elsewhere: `sampling` (task → a solution that
 *   worked, weight 2.0), `refinement` (task and a failed attempt → the solution
 *   that later worked on the same task, 1.5), `error` (task and a failed attempt →
 *   what went wrong, 1.0);
 * - `shouldFinetune` is always false here, and says why.
 *
 * @module
 */
import type { Llm } from "../llm/llm.ts";
import { type Abstractability, isAbstractable, succeeded } from "./abstractability.ts";
import { errorSignals } from "./errors/detect.ts";
import { type Plan, planOf } from "./plan/mod.ts";
import { extractStrategy, type Strategy } from "./strategy.ts";
import { writeStrategy } from "./strategy_llm.ts";
import type { Trajectory } from "./trajectory.ts";

/** What accumulating one trajectory does to memory. */
export type MemoryUpdate =
  | { kind: "create"; strategy: Strategy; judgement: Abstractability }
  | {
    kind: "reinforce";
    strategyId: string;
    trajectoryId: string;
    task: string;
    /** The strategy as the library has it, before this trajectory. */
    strategy: Strategy;
    judgement: Abstractability;
  }
  | { kind: "none"; judgement: Abstractability };

/** The library as learning reads it. */
export interface Library {
  /** The library's strategies nearest to the trajectory: the one with its plan first, if any. */
  similar(trajectory: Trajectory, plan: Plan): Promise<Strategy[]>;
}

export interface HindsightDeps {
  /** The model, when there is a key: it judges and writes; without it the rules do. */
  llm?: Llm | undefined;
}

export interface SoarExample {
  kind: "sampling" | "refinement" | "error";
  weight: 2 | 1.5 | 1;
  family: string | null;
  input: string;
  output: string;
  /** The trajectories it came from: the solution's, and the attempt's for a refinement. */
  source: { trajectoryId: string; attemptId?: string };
}

export const soarWeights = { sampling: 2, refinement: 1.5, error: 1 } as const;

export class HindsightLearner {
  constructor(private readonly deps: HindsightDeps = {}) {}

  /** Whether the model judges and writes (it is then shown the library's nearest strategies by text). */
  get usesModel(): boolean {
    return this.deps.llm !== undefined;
  }

  /** What `trajectory` (with its plan) adds to `library`. */
  async accumulate(trajectory: Trajectory, library: Library, plan = planOf(trajectory)): Promise<MemoryUpdate> {
    const similar = await library.similar(trajectory, plan);
    const judgement = await isAbstractable(trajectory, plan, similar, this.deps.llm);
    const duplicate = similar.find((s) => s.id === judgement.duplicateOf);
    if (duplicate && succeeded(trajectory)) {
      return {
        kind: "reinforce",
        strategyId: duplicate.id,
        strategy: duplicate,
        trajectoryId: trajectory.id,
        task: trajectory.task?.description ?? trajectory.id,
        judgement,
      };
    }
    if (!judgement.abstractable) return { kind: "none", judgement };
    const pitfalls = errorSignals(trajectory).map((s) => ({ template: s.template, recovery: s.recovery?.content }));
    const heuristic = extractStrategy(trajectory, plan, pitfalls);
    const strategy = this.deps.llm ? await writeStrategy(this.deps.llm, trajectory, heuristic) : heuristic;
    return { kind: "create", strategy, judgement };
  }

  /** The SOAR training data `trajectories` teach. */
  prepareTrainingData(trajectories: readonly Trajectory[]): SoarExample[] {
    const solved = new Map<string, Trajectory>();
    for (const t of trajectories) if (succeeded(t)) solved.set(taskKey(t), t);
    const examples: SoarExample[] = [];
    for (const t of trajectories) {
      const family = t.task?.family ?? null;
      const task = `Task: ${t.task?.description ?? t.id}`;
      if (succeeded(t)) {
        examples.push({
          kind: "sampling",
          weight: 2,
          family,
          input: task,
          output: solution(t),
          source: { trajectoryId: t.id },
        });
        continue;
      }
      const attempt = `${task}\n\nA previous attempt, which ended ${t.outcome ?? "unfinished"}:\n${solution(t)}`;
      const fixed = solved.get(taskKey(t));
      if (fixed) {
        examples.push({
          kind: "refinement",
          weight: 1.5,
          family,
          input: attempt,
          output: solution(fixed),
          source: { trajectoryId: fixed.id, attemptId: t.id },
        });
      }
      examples.push({
        kind: "error",
        weight: 1,
        family,
        input: attempt,
        output: diagnosis(t),
        source: { trajectoryId: t.id },
      });
    }
    return examples;
  }

  /** Never in this mode: learning here is the memory's growth. */
  shouldFinetune(): { finetune: false; reason: string } {
    return {
      finetune: false,
      reason: "SAGE mode: the learning layer improves agents through retrieved memory (strategies, concepts, " +
        "error patterns), not weight updates; fine-tuning runs as a training job on a curated dataset",
    };
  }
}

/** Trajectories on the same task: the task's id within its family, else its description. */
const taskKey = (t: Trajectory) => `${t.task?.family ?? ""}|${t.task?.id ?? t.task?.description ?? t.id}`;

/** What the agent did: its actions (or programs) in order. */
function solution(t: Trajectory): string {
  const actions = t.steps.filter((s) => s.kind === "action" || s.kind === "tool_call");
  return (actions.length ? actions : t.steps).map((s) => s.code?.source ?? s.content).join("\n");
}

/** What went wrong: the errors met, or the last thing the agent saw. */
function diagnosis(t: Trajectory): string {
  const errors = errorSignals(t).map((s) => `step ${s.index}: ${s.text}`);
  const last = t.steps.at(-1);
  const ending = `The attempt ended ${t.outcome ?? "unfinished"}${t.score === null ? "" : ` with score ${t.score}`}.`;
  if (errors.length) return `${ending}\nErrors met:\n${errors.join("\n")}`;
  return last ? `${ending}\nIts last step was ${last.kind}: ${last.content.slice(0, 300)}` : ending;
}
