/**
 * A closed trajectory as a training example's input and output. The output is the
 * whole run in the ReAct transcript form trainers fine-tune agents on (`Thought:`,
 * `Action:`, `Observation:`), uncapped: unlike a prompt, a training target that
 * drops its middle teaches the model to skip steps.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";
import type { StepBody } from "../../schemas/mod.ts";
import { textOf } from "./text_of.ts";

/** The example's input: what the agent was asked to do. */
export function trajectoryInput(t: Trajectory): string {
  return t.task?.description ?? "";
}

/**
 * The example's output: one block per step in index order, `Thought: …`, `Action: …`
 * (a tool call as `name[input]`, a code step as a fenced block), `Observation: …`, a
 * message as `role: content`; a step's error follows it as `Error: …`.
 *
 * @example
 * ```ts
 * trajectoryOutput(run); // "Thought: I need to search Paramore.\nAction: Search[Paramore]\nObservation: …"
 * ```
 */
export function trajectoryOutput(t: Trajectory): string {
  return [...t.steps].sort((a, b) => a.index - b.index).map(renderStep).join("\n");
}

function renderStep(step: StepBody): string {
  const line = stepLine(step);
  const error = errorText(step);
  return error === undefined || line.includes(error) ? line : `${line}\nError: ${error}`;
}

function stepLine(step: StepBody): string {
  switch (step.kind) {
    case "thought":
      return `Thought: ${step.content}`;
    case "action":
    case "tool_call": {
      const action = actionText(step);
      // A fence opens a line of its own, or markdown readers miss the block.
      return action.startsWith("```") ? `Action:\n${action}` : `Action: ${action}`;
    }
    case "observation":
    case "tool_result":
      return `Observation: ${observationText(step)}`;
    case "message":
      // An unattributed message in an agent's trajectory is the agent speaking.
      return `${step.role ?? "assistant"}: ${step.content}`;
  }
}

function actionText(step: StepBody): string {
  if (step.code) {
    const fence = "```";
    const block = `${fence}${step.code.language}\n${step.code.source.replace(/\n$/, "")}\n${fence}`;
    const said = step.content.trim();
    // Code agents often log the source as the content too; say it once.
    return said && said !== step.code.source.trim() ? `${said}\n${block}` : block;
  }
  if (step.tool) {
    if (step.tool.input !== undefined) return `${step.tool.name}[${textOf(step.tool.input)}]`;
    return step.content.trim() ? step.content : `${step.tool.name}[]`;
  }
  return step.content;
}

/** A result's content, or when a producer sent only the tool's output, that output. */
const observationText = (step: StepBody) =>
  step.content === "" && step.tool?.output !== undefined ? textOf(step.tool.output) : step.content;

const errorText = (step: StepBody): string | undefined =>
  typeof step.error === "string"
    ? step.error
    : step.error?.message ?? (step.status === "error" ? "the step failed" : undefined);
