/**
 * Test helpers: steps as producers send them and a trajectory that numbers them in
 * order, so a test writes only what matters to it.
 *
 * @module
 */
import type { StepBody } from "../../../schemas/mod.ts";
import type { Trajectory } from "../../trajectory.ts";

type Extra = Partial<Omit<StepBody, "kind" | "content">>;

/** A step; its index is set by `trajectoryOf`. */
export const step = (kind: StepBody["kind"], content: string, extra: Extra = {}): StepBody =>
  ({ ...extra, index: 0, kind, content }) as StepBody;

/** A tool call with its input (an object, or JSON text as some producers send it). */
export const call = (name: string, input: unknown, content = ""): StepBody =>
  step("tool_call", content, { tool: { name, input } });

/** An InterCode-style shell action: the command as content and as the bash tool's input. */
export const bash = (command: string): StepBody => step("action", command, { tool: { name: "bash", input: command } });

/** A successful trajectory of `steps`, numbered in order. */
export function trajectoryOf(steps: readonly StepBody[], task: Trajectory["task"] = { description: "d", family: "f" }) {
  const trajectory: Trajectory = {
    id: "t",
    task,
    outcome: "success",
    score: 1,
    steps: steps.map((s, index) => ({ ...s, index })),
  };
  return trajectory;
}
