/**
 * The simple credit strategy: the last successful action gets all the credit.
 *
 * An action is a step of kind `action` or `tool_call`; it succeeded unless it, or
 * the observation or tool result answering it, reports an error. With no successful
 * action, the last action is the best guess; with no action at all, the last step.
 *
 * @module
 */
import type { Credit, StepBody } from "../../schemas/mod.ts";
import type { CreditStrategy } from "./strategy.ts";

const isAction = (step: StepBody) => step.kind === "action" || step.kind === "tool_call";
const isAnswer = (step: StepBody) => step.kind === "observation" || step.kind === "tool_result";
const failed = (step: StepBody) => step.status === "error" || step.error !== undefined;

/** The index of the step that gets the credit under the simple rule, if any. */
export function lastSuccessfulAction(steps: readonly StepBody[]): number | undefined {
  let lastAction: number | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (!isAction(step)) continue;
    lastAction ??= step.index;
    const answer = steps[i + 1];
    const answeredWithError = answer !== undefined && isAnswer(answer) && failed(answer);
    if (!failed(step) && !answeredWithError) return step.index;
  }
  return lastAction ?? steps.at(-1)?.index;
}

export const simpleCredit: CreditStrategy = {
  name: "simple",
  attribute(trajectory): Promise<Credit[]> {
    const index = lastSuccessfulAction(trajectory.steps);
    return Promise.resolve(index === undefined ? [] : [{ index, score: 1 }]);
  },
};
