/**
 * The wire contract of `/v1/trajectories`: the list's query and page, one
 * trajectory in full, and the retry command's answer.
 *
 * @module
 */
import { z } from "zod";
import { trajectoryMachine, type TrajectoryState } from "../../actors/trajectory/machine.ts";
import { agentSchema, analysisSchema, creditSchema, outcomes, stepBodySchema, taskSchema } from "../../schemas/mod.ts";
import { isCursor } from "../../store/trajectories.ts";
import { count, isoTime } from "./common.ts";

/** The machine's own state names, so the filter follows the machine. */
export const trajectoryStates = Object.keys(trajectoryMachine.states) as [TrajectoryState, ...TrajectoryState[]];

export const trajectoryListQuery = z.object({
  state: z.enum(trajectoryStates).optional(),
  outcome: z.enum(outcomes).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().refine(isCursor, "not a cursor this API issued").optional()
    .meta({ description: "the nextCursor of the previous page" }),
});

export const trajectorySummary = z.object({
  id: z.string(),
  state: z.string().meta({ description: `one of ${trajectoryStates.join(", ")}` }),
  outcome: z.string().nullable(),
  task: taskSchema.nullable(),
  stepCount: count,
  lateEvents: count,
  openedAt: isoTime,
  closedAt: isoTime.nullable(),
  updatedAt: isoTime,
});

export const trajectoryPage = z.object({ items: z.array(trajectorySummary), nextCursor: z.string().nullable() });

/** The evaluation an `atlas.evaluation.completed` event annotated the trajectory with. */
const evaluation = z.object({
  qualityScore: z.number(),
  confidence: z.number(),
  evaluator: z.string().optional(),
  dimensions: z.record(z.string(), z.number()).optional(),
});

export const trajectoryDetail = trajectorySummary.extend({
  score: z.number().nullable(),
  reason: z.string().nullable(),
  agent: agentSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  steps: z.array(stepBodySchema).readonly(),
  credit: z.array(creditSchema),
  analysis: analysisSchema.nullable(),
  evaluation: evaluation.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  deadline: isoTime.nullable().meta({ description: "when the trajectory closes for inactivity, while open" }),
});

/** The retry command went into the log: `command` is its event id. */
export const retryAccepted = z.object({ id: z.string(), state: z.string(), command: z.string() });
