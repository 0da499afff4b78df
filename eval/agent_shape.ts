/**
 * The shape of an agent, read from what its trajectories did, never from a file or
 * family name: the eval has to sort runs of agents it has never seen.
 *
 * One trajectory's shape is learning's own `agentShape` (`learning/plan/shape.ts`:
 * `code`, `shell`, `tool-calling`, `text-actions`), so the eval groups agents the way
 * their plans are read. Issue 11 also names web navigation as a shape; learning's
 * classifier counts it among the text actions, so the eval tells it apart on top:
 * a text-action agent that clicks, types or goes to pages is `web-navigation`.
 *
 * @module
 */
import { agentShape as learningShape } from "../learning/plan/mod.ts";
import type { Trajectory } from "../learning/trajectory.ts";
import type { StepBody } from "../schemas/mod.ts";

export const agentShapes = ["code", "shell", "tool-calling", "web-navigation", "text-actions"] as const;
export type AgentShape = (typeof agentShapes)[number];

/** A browser's verbs, as a tool name or the word before `[` / `(`. */
const browsing =
  /^(click|type|type_text|scroll|goto|go_to|go_to_url|open_url|navigate|go_back|go_forward|hover|press|select_option|fill|new_tab|tab_focus)$/i;

const isAction = (step: StepBody) => step.kind === "action" || step.kind === "tool_call";

/** The verb an action names: its tool, else the word before `[` or `(`. */
const verbOf = (step: StepBody) => step.tool?.name ?? /^\s*([A-Za-z_][\w.-]*)\s*[[(]/.exec(step.content)?.[1] ?? "";

/** The shape of one trajectory, from its steps. */
export function agentShape(trajectory: Trajectory): AgentShape {
  const shape = learningShape(trajectory);
  if (shape !== "text-actions") return shape;
  return trajectory.steps.some((s) => isAction(s) && browsing.test(verbOf(s))) ? "web-navigation" : shape;
}

export interface ShapeCount {
  shape: AgentShape;
  /** Trajectories of each shape, most first. */
  counts: [AgentShape, number][];
}

/** A dataset's shape: the most common among its trajectories (ties in `agentShapes` order). */
export function datasetShape(trajectories: readonly Trajectory[]): ShapeCount {
  const counts = new Map<AgentShape, number>();
  for (const t of trajectories) counts.set(agentShape(t), (counts.get(agentShape(t)) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || agentShapes.indexOf(a[0]) - agentShapes.indexOf(b[0]));
  return { shape: sorted[0]?.[0] ?? "text-actions", counts: sorted };
}
