/**
 * The counterfactual credit strategy: would the outcome have been different without
 * this step? Estimated with the outcome model, a logistic regression fitted on the
 * stored trajectories (`learning/outcome/model.ts`).
 *
 * Method. Let p be the model's predicted probability of success for the whole
 * trajectory. For each decision of the agent (a thought, action, tool call or
 * assistant message), take it out together with the observations or tool results
 * that directly answer it (had the agent not acted, the environment would not have
 * answered), and predict again: q_i. The step's effect is Δ_i = p − q_i.
 * - Successful trajectory: credit_i ∝ max(0, Δ_i). The steps whose removal lowers
 *   predicted success most were the most necessary to it.
 * - Failed trajectory: credit_i ∝ max(0, −Δ_i). The steps whose removal raises
 *   predicted success most did most to cause the failure.
 * Either way credit reads as the API reads it, "which steps earned the outcome",
 * the outcome being the one observed, read by the model's label rule (success when
 * the score is at least 0.5, or without a score when the outcome is `success`).
 * Shares are normalised to sum to 1; environment steps get no credit of their own.
 * The reason given for each step is the move itself ("without it, predicted success
 * falls from 82% to 41%").
 *
 * When the estimate cannot decide, the fallback strategy (simple, in the runtime)
 * does, and the attribution says so in `fallback`: no model fitted yet (too few
 * trajectories, or all of one class), a trajectory without an outcome, no decision
 * to take out, or no step moving predicted success by `minEffect` or more.
 *
 * @module
 */
import type { Credit, StepBody } from "../../schemas/mod.ts";
import { outcomeLabel, type OutcomeModel } from "../outcome/model.ts";
import type { Trajectory } from "../trajectory.ts";
import { attributeWithReasons, type Attribution, type CreditStrategy, type StepReason } from "./strategy.ts";

export interface CounterfactualOptions {
  /** The smallest effect on predicted success that counts as one. @default 0.005 */
  minEffect?: number;
}

/** A step taken out with what answered it: `index` is the decision credit goes to. */
export interface AblationUnit {
  index: number;
  positions: number[];
}

const answersAgent = (step: StepBody) =>
  step.kind === "observation" || step.kind === "tool_result" ||
  (step.kind === "message" && step.role !== undefined && step.role !== "assistant");

/** The agent's decisions, each with the environment steps that directly follow it. */
export function ablationUnits(steps: readonly StepBody[]): AblationUnit[] {
  const units: AblationUnit[] = [];
  steps.forEach((step, position) => {
    if (!answersAgent(step)) units.push({ index: step.index, positions: [position] });
    else if (position > 0 && units.at(-1)?.positions.at(-1) === position - 1) units.at(-1)!.positions.push(position);
  });
  return units;
}

/**
 * A credit strategy from the outcome model `model()` (read on every call, so a refit
 * model is used as soon as it exists), handing over to `fallback` when it cannot decide.
 */
export function counterfactualCredit(
  model: () => OutcomeModel | undefined,
  fallback: CreditStrategy,
  options: CounterfactualOptions = {},
): CreditStrategy {
  const minEffect = options.minEffect ?? 0.005;
  const handOver = async (trajectory: Trajectory, reason: string): Promise<Attribution> => ({
    ...(await attributeWithReasons(fallback, trajectory)),
    fallback: { strategy: fallback.name, reason },
  });

  const explain = async (trajectory: Trajectory): Promise<Attribution> => {
    if (trajectory.steps.length === 0) return { credit: [], reasons: [] };
    const outcomeModel = model();
    if (!outcomeModel) return await handOver(trajectory, "no outcome model fitted yet");
    const label = outcomeLabel(trajectory, outcomeModel.successThreshold);
    if (label === undefined) return await handOver(trajectory, "the trajectory has no outcome");
    const units = ablationUnits(trajectory.steps);
    if (units.length === 0) return await handOver(trajectory, "no agent decision to take out");

    const p = outcomeModel.predict(trajectory.steps, trajectory.task);
    const effects = units.map((unit) => {
      const without = trajectory.steps.filter((_, position) => !unit.positions.includes(position));
      const q = outcomeModel.predict(without, trajectory.task);
      return { index: unit.index, q, effect: label === 1 ? p - q : q - p };
    });
    if (!effects.some((e) => e.effect >= minEffect)) {
      return await handOver(trajectory, `no step moves predicted success by ${minEffect} or more`);
    }
    const credited = effects.filter((e) => e.effect > 0);
    const total = credited.reduce((sum, e) => sum + e.effect, 0);
    credited.sort((a, b) => b.effect - a.effect || a.index - b.index);
    const credit: Credit[] = credited.map((e) => ({ index: e.index, score: e.effect / total }));
    const reasons: StepReason[] = credited.map((e) => ({
      index: e.index,
      why: `without it, predicted success ${label === 1 ? "falls" : "rises"} from ${pct(p)} to ${pct(e.q)}`,
    }));
    return { credit, reasons };
  };

  return {
    name: "counterfactual",
    attributeWithReasons: explain,
    attribute: async (trajectory) => (await explain(trajectory)).credit,
  };
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
