/**
 * The trajectory events of CONTRACT section 1: started, step, completed, and a whole
 * trajectory in one event.
 *
 * @module
 */
import { z } from "zod";

const id = z.string().min(1).max(256);

/** What the agent was asked to do. */
export const taskSchema = z.looseObject({
  description: z.string().min(1),
  id: z.string().optional(),
  family: z.string().optional(),
  domain: z.string().optional(),
});
export type Task = z.infer<typeof taskSchema>;

export const agentSchema = z.looseObject({
  name: z.string().optional(),
  model: z.string().optional(),
});
export type Agent = z.infer<typeof agentSchema>;

export const stepKinds = ["thought", "action", "observation", "tool_call", "tool_result", "message"] as const;
export const roles = ["system", "user", "assistant", "tool"] as const;
export const outcomes = ["success", "failure", "partial", "aborted"] as const;
export type Outcome = (typeof outcomes)[number];

/** One step, as it appears inside a whole-trajectory event (no trajectoryId). */
export const stepBodySchema = z.looseObject({
  index: z.number().int().min(0),
  kind: z.enum(stepKinds),
  content: z.string(),
  role: z.enum(roles).optional(),
  tool: z.looseObject({ name: z.string().min(1), input: z.unknown().optional(), output: z.unknown().optional() })
    .optional(),
  code: z.looseObject({ language: z.string().min(1), source: z.string() }).optional(),
  status: z.enum(["ok", "error"]).optional(),
  error: z.union([z.string(), z.looseObject({ message: z.string() })]).optional(),
  reward: z.number().optional(),
  tokens: z.object({ input: z.number().int().min(0), output: z.number().int().min(0) }).optional(),
  durationMs: z.number().min(0).optional(),
});
export type StepBody = z.infer<typeof stepBodySchema>;

export const trajectoryStartedSchema = z.looseObject({
  trajectoryId: id,
  task: taskSchema,
  agent: agentSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const trajectoryStepSchema = stepBodySchema.extend({ trajectoryId: id });

export const trajectoryCompletedSchema = z.looseObject({
  trajectoryId: id,
  outcome: z.enum(outcomes),
  score: z.number().min(0).max(1).optional(),
  reason: z.string().optional(),
});

export const wholeTrajectorySchema = z.looseObject({
  trajectoryId: id,
  task: taskSchema,
  agent: agentSchema.optional(),
  steps: z.array(stepBodySchema),
  outcome: z.enum(outcomes),
  score: z.number().min(0).max(1).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export type TrajectoryStarted = z.infer<typeof trajectoryStartedSchema>;
export type TrajectoryStep = z.infer<typeof trajectoryStepSchema>;
export type TrajectoryCompleted = z.infer<typeof trajectoryCompletedSchema>;
export type WholeTrajectory = z.infer<typeof wholeTrajectorySchema>;

/**
 * A command, not a fact: analyse a failed trajectory again. Project extension of the
 * contract; `POST /v1/trajectories/:id/retry` sends it through the log like any event,
 * so the process owning the trajectory applies it, in order with its other events.
 */
export const trajectoryRetrySchema = z.looseObject({
  trajectoryId: id,
  reason: z.string().optional(),
});
export type TrajectoryRetry = z.infer<typeof trajectoryRetrySchema>;
