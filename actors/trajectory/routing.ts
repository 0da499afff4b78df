/**
 * How contract events become trajectory machine events. Pure.
 *
 * @module
 */
import type { AtlasEvent, StepBody } from "../../schemas/mod.ts";
import type { TrajectoryEvent } from "./machine.ts";

/** The trajectory an event is about, if any. */
export function trajectoryOf(event: AtlasEvent): string | undefined {
  switch (event.type) {
    case "execution.completed":
    case "planning.completed":
      return undefined;
    // An L06 evaluation whose execution id names a trajectory also annotates it.
    case "evaluation.completed":
      return event.data.executionId ?? event.data.trace_id;
    default:
      return event.data.trajectoryId;
  }
}

/** Whether the event may start a trajectory actor (evaluations only annotate existing ones). */
export const startsTrajectory = (event: AtlasEvent) =>
  event.type === "atlas.trajectory.started" || event.type === "atlas.trajectory.step" ||
  event.type === "atlas.trajectory.completed" || event.type === "atlas.trajectory";

/** The machine event for a contract event, received at `at`. */
export function toMachineEvent(event: AtlasEvent, at: number): TrajectoryEvent | undefined {
  switch (event.type) {
    case "atlas.trajectory.started": {
      const { task, agent, metadata } = event.data;
      return { type: "STARTED", at, task, agent, metadata };
    }
    case "atlas.trajectory.step":
      return { type: "STEPS_RECEIVED", at, indexes: [event.data.index] };
    case "atlas.trajectory.completed": {
      const { outcome, score, reason } = event.data;
      return { type: "COMPLETED", at, outcome, score, reason };
    }
    case "atlas.trajectory": {
      const { task, agent, metadata, outcome, score, steps } = event.data;
      return { type: "WHOLE_RECEIVED", at, task, agent, metadata, outcome, score, indexes: steps.map((s) => s.index) };
    }
    case "atlas.evaluation.completed": {
      const { qualityScore, confidence, evaluator, dimensions } = event.data;
      return {
        type: "EVALUATED",
        at,
        evaluation: { qualityScore, confidence, ...(evaluator && { evaluator }), ...(dimensions && { dimensions }) },
      };
    }
    case "atlas.trajectory.retry":
      return { type: "RETRY_REQUESTED", at };
    case "evaluation.completed":
      return {
        type: "EVALUATED",
        at,
        evaluation: { qualityScore: event.data.quality_score, confidence: event.data.confidence, evaluator: "L06" },
      };
    default:
      return undefined;
  }
}

/** The step contents an accepted event brings, to store beside the snapshot. */
export function stepsOf(event: AtlasEvent): StepBody[] {
  if (event.type === "atlas.trajectory.step") {
    const { trajectoryId: _, ...step } = event.data;
    return [step];
  }
  return event.type === "atlas.trajectory" ? event.data.steps : [];
}
