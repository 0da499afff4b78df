/**
 * Which kind of agent made a trajectory, read from its actions alone, so a producer
 * never has to say: each action is a program the agent wrote as its answer, a
 * shell command or file tool, a structured tool call, or a text action; then
 *
 * - `code` when any action is a program (the answer is the program, whatever else ran);
 * - otherwise the form most of its actions take, ties going to `shell`, then
 *   `tool-calling`, then `text-actions` (the more specific reading first);
 * - with no action at all, `tool-calling` when it has messages or tool calls (a
 *   chat agent that needed no tool), else `text-actions`.
 *
 * Hand-ins (`submit`, `finish`) do not vote: every shape has them.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { programOf } from "./code.ts";
import { shellActionOf } from "./shell_moves.ts";
import { isAction } from "./step_input.ts";
import type { AgentShape } from "./types.ts";

export type ActionForm = "program" | "shell" | "tool" | "text" | "hand-in";

const handIns = /^(submit|finish|final_answer|done|answer|complete|task_complete|attempt_completion)$/i;
/** A text action: `Search[Paramore]`, `click[Buy Now]`, a bare word like `reset`. */
const textAction = /^\s*[\p{L}_][\p{L}\p{N}_ .-]*(\[[\s\S]*\])?\s*$/u;

/** The kind of agent that made `trajectory`. */
export function agentShape(trajectory: Trajectory): AgentShape {
  const votes = { program: 0, shell: 0, tool: 0, text: 0, "hand-in": 0 };
  for (const step of trajectory.steps) if (isAction(step)) votes[actionForm(step)]++;
  if (votes.program > 0) return "code";
  const best = Math.max(votes.shell, votes.tool, votes.text);
  if (best === 0) {
    return trajectory.steps.some((s) => s.kind === "message" || s.kind === "tool_call")
      ? "tool-calling"
      : "text-actions";
  }
  return votes.shell === best ? "shell" : votes.tool === best ? "tool-calling" : "text-actions";
}

/** What one action is. */
export function actionForm(step: StepBody): ActionForm {
  const word = (step.tool?.name ?? step.content.trim().split(/[\s[(]/)[0] ?? "").trim();
  if (handIns.test(word)) return "hand-in";
  if (programOf(step) !== undefined) return "program";
  if (shellActionOf(step) !== undefined) return "shell";
  if (step.kind === "tool_call" || step.code) return "tool";
  if (step.tool && typeof step.tool.input === "object" && step.tool.input !== null) return "tool";
  return textAction.test(step.content) ? "text" : step.tool ? "tool" : "text";
}
