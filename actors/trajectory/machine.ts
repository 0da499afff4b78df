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
  /** Steps in arrival order; the pipeline sends a trajectory's consecutive steps of a batch as one event. */
  | { type: "STEPS_RECEIVED"; at: number; indexes: number[] }
  | { type: "COMPLETED"; at: number } & Closing
  | { type: "WHOLE_RECEIVED"; at: number; indexes: number[] } & Started & Closing
  | { type: "EVALUATED"; at: number; evaluation: Evaluation }
  | { type: "DEADLINE_REACHED"; at: number }
  | { type: "ANALYSIS_SUCCEEDED"; at: number; credit: Credit[]; analysis: Analysis }
  | { type: "ANALYSIS_FAILED"; at: number; error: { code: string; message: string } }
  | { type: "RETRY_REQUESTED"; at: number };

type EventOf<T extends TrajectoryEvent["type"]> = Extract<TrajectoryEvent, { type: T }>;

/** The distinct indexes, ascending; the same array when nothing is new. */
function addIndexes(steps: number[], indexes: readonly number[]): number[] {
  // Steps mostly arrive in order: then they are appended, without a search or a sort.
  const inOrder = indexes.every((index, at) => index > (at === 0 ? steps.at(-1) ?? -Infinity : indexes[at - 1]!));
  if (inOrder) return indexes.length ? [...steps, ...indexes] : steps;
  const known = new Set(steps);
  const fresh = indexes.filter((index) => !known.has(index) && known.add(index));
  return fresh.length ? [...steps, ...fresh].sort((a, b) => a - b) : steps;
}

const startOf = (e: Started) => ({ task: e.task, agent: e.agent ?? null, metadata: e.metadata ?? null });
const outcomeOf = (e: Closing & { at: number }) => ({
  outcome: e.outcome,
  score: e.score ?? null,
  reason: e.reason ?? null,
  closedAt: e.at,
});

// One assign per transition: each assign copies the context, and this machine sees
// every event of every trajectory.
export const trajectoryMachine = setup({
  types: {
    context: {} as TrajectoryContext,
    events: {} as TrajectoryEvent,
    input: {} as TrajectoryInput,
  },
  actions: {
    /** Provided by the actor system: queue this trajectory for analysis. */
    requestAnalysis: () => {},
    start: assign(({ context, event }) => {
      const e = event as EventOf<"STARTED">;
      return { ...startOf(e), lastEventAt: e.at, deadline: e.at + context.inactivityGapMs };
    }),
    startIfMissing: assign(({ context, event }) => (context.task ? {} : startOf(event as EventOf<"STARTED">))),
    acceptSteps: assign(({ context, event }) => {
      const e = event as EventOf<"STEPS_RECEIVED">;
      return {
        steps: addIndexes(context.steps, e.indexes),
        lastEventAt: e.at,
        deadline: e.at + context.inactivityGapMs,
      };
    }),
    acceptStragglers: assign(({ context, event }) => ({
      steps: addIndexes(context.steps, (event as EventOf<"STEPS_RECEIVED">).indexes),
    })),
    close: assign(({ context, event }) => {
      const e = event as EventOf<"COMPLETED">;
      return { ...outcomeOf(e), deadline: e.at + context.closeGraceMs };
    }),
    abort: assign(({ event }) => ({ ...outcomeOf(event as EventOf<"COMPLETED">), deadline: null })),
    acceptWhole: assign(({ context, event }) => {
      const e = event as EventOf<"WHOLE_RECEIVED">;
      return { ...startOf(e), ...outcomeOf(e), steps: addIndexes(context.steps, e.indexes), deadline: null };
    }),
    timeOut: assign(({ event }) => ({
      outcome: "aborted" as const,
      reason: "timeout",
      closedAt: event.at,
      deadline: null,
    })),
    countLate: assign(({ context, event }) => ({
      lateEvents: context.lateEvents + (event.type === "STEPS_RECEIVED" ? event.indexes.length : 1),
    })),
    annotate: assign(({ event }) => ({ evaluation: (event as EventOf<"EVALUATED">).evaluation })),
    beginAnalysis: assign(({ context }) => ({ deadline: null, analysisAttempts: context.analysisAttempts + 1 })),
    recordAnalysis: assign(({ event }) => {
      const e = event as EventOf<"ANALYSIS_SUCCEEDED">;
      return { credit: e.credit, analysis: e.analysis, error: null };
    }),
    recordFailure: assign(({ event }) => ({ error: (event as EventOf<"ANALYSIS_FAILED">).error })),
  },
  guards: {
    deadlinePassed: ({ context, event }) => context.deadline !== null && event.at >= context.deadline,
    outcomeAborted: ({ event }) => (event as EventOf<"COMPLETED">).outcome === "aborted",
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
    STEPS_RECEIVED: { actions: "countLate" },
    COMPLETED: { actions: "countLate" },
    WHOLE_RECEIVED: { actions: "countLate" },
    EVALUATED: { actions: "annotate" },
  },
  states: {
    open: {
      on: {
        STARTED: { actions: "start" },
        STEPS_RECEIVED: { actions: "acceptSteps" },
        COMPLETED: [
          { guard: "outcomeAborted", target: "aborted", actions: "abort" },
          { target: "closed", actions: "close" },
        ],
        WHOLE_RECEIVED: [
          { guard: "outcomeAborted", target: "aborted", actions: "acceptWhole" },
          { target: "analyzing", actions: "acceptWhole" },
        ],
        DEADLINE_REACHED: { guard: "deadlinePassed", target: "aborted", actions: "timeOut" },
      },
    },
    closed: {
      always: { guard: "noGrace", target: "analyzing" },
      on: {
        STARTED: { actions: "startIfMissing" },
        STEPS_RECEIVED: { actions: "acceptStragglers" },
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
