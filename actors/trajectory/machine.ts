/**
 * The trajectory machine: one actor per trajectory, from its first event to its
 * learning work being done. Pure: it imports xstate and the schemas only; time comes
 * in on the events (`at`), and the one effect, asking for analysis, is a named action
 * the actor system provides.
 *
 *   open ──COMPLETED──► closed ──grace over──► analyzing ──► completed
 *     │                                          │
 *     ├─COMPLETED(aborted) / inactivity─► aborted └──failed──► failed ──RETRY──► analyzing
 *
 * `closed` waits `closeGraceMs` for steps that were sent before the completion but
 * arrive after it; anything for a trajectory past `closed` is counted as late.
 *
 * @module
 */
import { assign, setup } from "xstate";
import type { Agent, Analysis, Credit, Outcome, Task } from "../../schemas/mod.ts";

/** The evaluation an `atlas.evaluation.completed` event annotated the trajectory with. */
export interface Evaluation {
  qualityScore: number;
  confidence: number;
  evaluator?: string;
  dimensions?: Record<string, number>;
}

export interface TrajectoryContext {
  trajectoryId: string;
  /** The source partition: the actor belongs to whoever owns it. */
  partition: number;
  task: Task | null;
  agent: Agent | null;
  metadata: Record<string, unknown> | null;
  /** Distinct step indexes received, ascending. */
  steps: number[];
  outcome: Outcome | null;
  score: number | null;
  reason: string | null;
  openedAt: number;
  lastEventAt: number;
  closedAt: number | null;
  /** When the timer of the current state fires (inactivity or grace); null when none runs. */
  deadline: number | null;
  lateEvents: number;
  evaluation: Evaluation | null;
  credit: Credit[];
  analysis: Analysis | null;
  error: { code: string; message: string } | null;
  analysisAttempts: number;
  inactivityGapMs: number;
  closeGraceMs: number;
}

export interface TrajectoryInput {
  trajectoryId: string;
  partition: number;
  at: number;
  inactivityGapMs: number;
  closeGraceMs: number;
}

type Started = { task: Task; agent?: Agent | undefined; metadata?: Record<string, unknown> | undefined };
type Closing = { outcome: Outcome; score?: number | undefined; reason?: string | undefined };

export type TrajectoryEvent =
  | { type: "STARTED"; at: number } & Started
  | { type: "STEP_RECEIVED"; at: number; index: number }
  | { type: "COMPLETED"; at: number } & Closing
  | { type: "WHOLE_RECEIVED"; at: number; indexes: number[] } & Started & Closing
  | { type: "EVALUATED"; at: number; evaluation: Evaluation }
  | { type: "DEADLINE_REACHED"; at: number }
  | { type: "ANALYSIS_SUCCEEDED"; at: number; credit: Credit[]; analysis: Analysis }
  | { type: "ANALYSIS_FAILED"; at: number; error: { code: string; message: string } }
  | { type: "RETRY_REQUESTED"; at: number };

const addIndexes = (steps: number[], indexes: number[]) => {
  const set = new Set(steps);
  for (const i of indexes) set.add(i);
  return set.size === steps.length ? steps : [...set].sort((a, b) => a - b);
};

export const trajectoryMachine = setup({
  types: {
    context: {} as TrajectoryContext,
    events: {} as TrajectoryEvent,
    input: {} as TrajectoryInput,
  },
  actions: {
    /** Provided by the actor system: queue this trajectory for analysis. */
    requestAnalysis: () => {},
    touch: assign(({ context, event }) => ({
      lastEventAt: event.at,
      deadline: event.at + context.inactivityGapMs,
    })),
    recordStart: assign(({ event }) => {
      const e = event as Extract<TrajectoryEvent, Started>;
      return { task: e.task, agent: e.agent ?? null, metadata: e.metadata ?? null };
    }),
    recordStartIfMissing: assign(({ context, event }) => {
      if (context.task) return {};
      const e = event as Extract<TrajectoryEvent, { type: "STARTED" }>;
      return { task: e.task, agent: e.agent ?? null, metadata: e.metadata ?? null };
    }),
    recordStep: assign(({ context, event }) => ({
      steps: addIndexes(context.steps, [(event as Extract<TrajectoryEvent, { type: "STEP_RECEIVED" }>).index]),
    })),
    recordWholeSteps: assign(({ context, event }) => ({
      steps: addIndexes(context.steps, (event as Extract<TrajectoryEvent, { type: "WHOLE_RECEIVED" }>).indexes),
    })),
    recordOutcome: assign(({ event }) => {
      const e = event as Extract<TrajectoryEvent, Closing>;
      return { outcome: e.outcome, score: e.score ?? null, reason: e.reason ?? null, closedAt: e.at };
    }),
    recordTimeout: assign(({ event }) => ({
      outcome: "aborted" as const,
      reason: "timeout",
      closedAt: event.at,
    })),
    startGrace: assign(({ context, event }) => ({ deadline: event.at + context.closeGraceMs })),
    clearDeadline: assign({ deadline: null }),
    countLate: assign(({ context }) => ({ lateEvents: context.lateEvents + 1 })),
    annotate: assign(({ event }) => ({
      evaluation: (event as Extract<TrajectoryEvent, { type: "EVALUATED" }>).evaluation,
    })),
    beginAnalysis: assign(({ context }) => ({ deadline: null, analysisAttempts: context.analysisAttempts + 1 })),
    recordAnalysis: assign(({ event }) => {
      const e = event as Extract<TrajectoryEvent, { type: "ANALYSIS_SUCCEEDED" }>;
      return { credit: e.credit, analysis: e.analysis, error: null };
    }),
    recordFailure: assign(({ event }) => ({
      error: (event as Extract<TrajectoryEvent, { type: "ANALYSIS_FAILED" }>).error,
    })),
  },
  guards: {
    deadlinePassed: ({ context, event }) => context.deadline !== null && event.at >= context.deadline,
    outcomeAborted: ({ event }) => (event as Extract<TrajectoryEvent, Closing>).outcome === "aborted",
    noGrace: ({ context }) => context.closeGraceMs === 0,
  },
}).createMachine({
  id: "trajectory",
  context: ({ input }) => ({
    trajectoryId: input.trajectoryId,
    partition: input.partition,
    task: null,
    agent: null,
    metadata: null,
    steps: [],
    outcome: null,
    score: null,
    reason: null,
    openedAt: input.at,
    lastEventAt: input.at,
    closedAt: null,
    deadline: input.at + input.inactivityGapMs,
    lateEvents: 0,
    evaluation: null,
    credit: [],
    analysis: null,
    error: null,
    analysisAttempts: 0,
    inactivityGapMs: input.inactivityGapMs,
    closeGraceMs: input.closeGraceMs,
  }),
  initial: "open",
  // Whatever a state does not take is late: kept by the system, counted here.
  on: {
    STARTED: { actions: "countLate" },
    STEP_RECEIVED: { actions: "countLate" },
    COMPLETED: { actions: "countLate" },
    WHOLE_RECEIVED: { actions: "countLate" },
    EVALUATED: { actions: "annotate" },
  },
  states: {
    open: {
      on: {
        STARTED: { actions: ["recordStart", "touch"] },
        STEP_RECEIVED: { actions: ["recordStep", "touch"] },
        COMPLETED: [
          { guard: "outcomeAborted", target: "aborted", actions: ["recordOutcome", "clearDeadline"] },
          { target: "closed", actions: ["recordOutcome", "startGrace"] },
        ],
        WHOLE_RECEIVED: [
          {
            guard: "outcomeAborted",
            target: "aborted",
            actions: ["recordStart", "recordWholeSteps", "recordOutcome", "clearDeadline"],
          },
          { target: "analyzing", actions: ["recordStart", "recordWholeSteps", "recordOutcome"] },
        ],
        DEADLINE_REACHED: {
          guard: "deadlinePassed",
          target: "aborted",
          actions: ["recordTimeout", "clearDeadline"],
        },
      },
    },
    closed: {
      always: { guard: "noGrace", target: "analyzing" },
      on: {
        STARTED: { actions: "recordStartIfMissing" },
        STEP_RECEIVED: { actions: "recordStep" },
        DEADLINE_REACHED: { guard: "deadlinePassed", target: "analyzing" },
      },
    },
    analyzing: {
      entry: ["beginAnalysis", "requestAnalysis"],
      on: {
        ANALYSIS_SUCCEEDED: { target: "completed", actions: "recordAnalysis" },
        ANALYSIS_FAILED: { target: "failed", actions: "recordFailure" },
      },
    },
    completed: { tags: ["finished"] },
    failed: {
      tags: ["finished"],
      on: { RETRY_REQUESTED: "analyzing" },
    },
    aborted: { tags: ["finished"] },
  },
});

/** The state names a user sees. */
export type TrajectoryState = "open" | "closed" | "analyzing" | "completed" | "failed" | "aborted";
