/**
 * A trajectory's compressed plan as the model reads it: one line per step, what it
 * did (a phase and its programs, a tool and its arguments, a verb) with a concrete
 * example, so the model judges and writes from the plan the rules see, not from a
 * long run's raw length.
 *
 * @module
 */
import { describeStep, type Plan } from "../../learning/plan/mod.ts";

/** `1. explore: find, grep -r (e.g. grep -rn "def parse" src/)`, one line per step. */
export function planText(plan: Plan, actions: number): string {
  if (plan.steps.length === 0) return "(no actions)";
  const lines = plan.steps.map((step, i) => `${i + 1}. ${describeStep(step, plan.shape)} (e.g. ${step.example})`);
  return [`Agent kind: ${plan.shape}; ${plan.steps.length} plan steps from ${actions} actions`, ...lines].join("\n");
}
