/**
 * The batch machine: one actor for the whole deployment, deciding when a learning
 * batch runs (extract code patterns, add them to the concept library, prune) and
 * keeping what the last one did. Pure: it imports xstate and types only; time comes in
 * on the events (`now`), and the batch itself is the invoked actor `runBatch`, provided
 * at the composition root.
 *
 *   idle ──PROGRESS / TICK / CONFIG_CHANGED, when due──► running ──done──► idle
 *     └────────────RUN_REQUESTED (always)──────────────►   └──error──► idle (back-off)
 *
 * Rules:
 * - Automatic runs start when `batchDue` holds (all triggers of the config, see
 *   `learning/batch_triggers.ts`) and no back-off is running; a manual
 *   `RUN_REQUESTED` starts one regardless of both.
 * - `PROGRESS` carries absolute counts since the last successful run, as the store
 *   measures them, so a duplicated report changes nothing; one measured before that run
 *   finished (`now < lastRunAt`) is stale and ignored, so a late one cannot bring back
 *   counts the run already consumed.
 * - A failed run leaves the machine in `idle` with the error in `lastRun`; progress is
 *   kept, and no automatic run starts before `retryAt` (`failedRetryMs` after the
 *   failure). A manual request may retry at once.
 * - One run at a time: `RUN_REQUESTED` while running is not queued but ignored. The
 *   caller sees it by `lastRun.id` not being its `runId` (the API answers E7014).
 * - After a restart, a snapshot persisted in `running` resumes in `running`, and xstate
 *   starts `runBatch` again with the persisted input (same `runId`): the provided actor
 *   must tolerate running a `runId` twice.
 *
 * @module
 */
import { assign, fromPromise, setup } from "xstate";
import type { ErrorCode } from "../../errors.ts";
import type { LearningConfig } from "../../learning/config.ts";
import { type BatchDecision, batchDue } from "../../learning/batch_triggers.ts";

/** What a batch reports it did; opaque here, JSON. */
export type BatchResult = Record<string, unknown>;
export type BatchTrigger = "auto" | "manual";
export interface BatchError {
  code: ErrorCode;
  message: string;
}

/** One run of a batch, as the API shows it. */
export interface BatchRun {
  id: string;
  trigger: BatchTrigger;
  startedAt: number;
  finishedAt?: number;
  result?: BatchResult;
  error?: BatchError;
}

/** What `runBatch` is started with. */
export interface RunBatchInput {
  runId: string;
  /** The end of the last successful run (epoch ms): the batch covers what was learned since; null for all. */
  since: number | null;
  trigger: BatchTrigger;
}

/**
 * What `runBatch` resolves to. It rejects with `{ code, message, at }` (an `AtlasError`
 * given an `at` will do); `at` is when it failed, and the back-off counts from it.
 */
export interface RunBatchOutput {
  result: BatchResult;
  finishedAt: number;
}

export interface BatchContext {
  config: LearningConfig;
  /** Learned since the last successful run. */
  progress: { trajectories: number; successes: number };
  /** When the last successful run finished; null before the first. */
  lastRunAt: number | null;
  /** The running or last finished run, successful or not. */
  lastRun: BatchRun | null;
  /** Runs started, automatic and manual. */
  runs: number;
  /** After a failure: no automatic run before this time. */
  retryAt: number | null;
  failedRetryMs: number;
}

export interface BatchInput {
  config: LearningConfig;
  /** How long after a failed run before an automatic one may start. @default 300_000 */
  failedRetryMs?: number;
}

export type BatchEvent =
  | { type: "PROGRESS"; trajectories: number; successes: number; now: number }
  | { type: "RUN_REQUESTED"; now: number; runId: string }
  | { type: "CONFIG_CHANGED"; config: LearningConfig; now: number }
  | { type: "TICK"; now: number };

/** The state names a user sees. */
export type BatchState = "idle" | "running";

export const defaultFailedRetryMs = 300_000;

/**
 * After an automatic run, the next waits this many times as long as it took: under a
 * flood of trajectories the count triggers again at once, and a batch (clustering,
 * fitting, pruning) must not crowd out learning and ingest (measured on the bench topic:
 * a fifth of the time cost ingest about 10% against a tenth).
 */
const restFactor = 9;

/** Whether an automatic run is due at `now`: the triggers, then the rest after a run and the back-off after a failure. */
export function autoRunDue(context: BatchContext, now: number): BatchDecision {
  const decision = batchDue({ ...context.progress, lastRunAt: context.lastRunAt }, context.config, now);
  const waits: string[] = [];
  const last = context.lastRun;
  if (last?.finishedAt !== undefined && !last.error) {
    const took = last.finishedAt - last.startedAt;
    const restUntil = last.finishedAt + restFactor * took;
    if (now < restUntil) {
      waits.push(
        `resting ${((restUntil - now) / 1000).toFixed(1)} s after a batch of ${(took / 1000).toFixed(1)} s ` +
          `(automatic batches take at most a tenth of the time)`,
      );
    }
  }
  if (context.retryAt !== null && now < context.retryAt) {
    waits.push(`last batch failed; no automatic retry for ${((context.retryAt - now) / 60_000).toFixed(1)} min`);
  }
  if (waits.length === 0) return decision;
  return { due: false, reasons: [...(decision.due ? [] : decision.reasons), ...waits] };
}

type Observed = Pick<BatchContext, "config" | "progress">;

const isStale = (context: BatchContext, event: BatchEvent) =>
  event.type === "PROGRESS" && context.lastRunAt !== null && event.now < context.lastRunAt;

/** The config and progress after `event`; unchanged for a stale or unrelated event. */
function observe(context: BatchContext, event: BatchEvent): Observed {
  if (event.type === "CONFIG_CHANGED") return { config: event.config, progress: context.progress };
  if (event.type === "PROGRESS" && !isStale(context, event)) {
    return { config: context.config, progress: { trajectories: event.trajectories, successes: event.successes } };
  }
  return { config: context.config, progress: context.progress };
}

/** The thrown value as plain data: an E7xxx code and message kept, anything else E7999. */
function errorOf(error: unknown): BatchError & { at?: number } {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const message = typeof e.message === "string" ? e.message : String(error);
  const code = typeof e.code === "string" && /^E7\d{3}$/.test(e.code) ? e.code as ErrorCode : "E7999";
  return typeof e.at === "number" ? { code, message, at: e.at } : { code, message };
}

const notProvided = { code: "E7999", message: "runBatch was not provided" } satisfies BatchError;

// One assign per transition: starting a run records the observation that made it due.
export const batchMachine = setup({
  types: {
    context: {} as BatchContext,
    events: {} as BatchEvent,
    input: {} as BatchInput,
  },
  actors: {
    /** Provided at the composition root: runs one batch. */
    runBatch: fromPromise<RunBatchOutput, RunBatchInput>(() => Promise.reject(notProvided)),
  },
  actions: {
    observe: assign(({ context, event }) => observe(context, event)),
    startAuto: assign(({ context, event }) => ({
      ...observe(context, event),
      runs: context.runs + 1,
      lastRun: { id: `batch-${context.runs + 1}`, trigger: "auto" as const, startedAt: (event as { now: number }).now },
    })),
    startManual: assign(({ context, event }) => {
      const e = event as Extract<BatchEvent, { type: "RUN_REQUESTED" }>;
      return { runs: context.runs + 1, lastRun: { id: e.runId, trigger: "manual" as const, startedAt: e.now } };
    }),
    recordSuccess: assign(({ context }, output: RunBatchOutput) => ({
      lastRunAt: output.finishedAt,
      progress: { trajectories: 0, successes: 0 },
      retryAt: null,
      lastRun: context.lastRun && { ...context.lastRun, finishedAt: output.finishedAt, result: output.result },
    })),
    recordFailure: assign(({ context }, { thrown }: { thrown: unknown }) => {
      const { at, ...error } = errorOf(thrown);
      const failedAt = at ?? context.lastRun?.startedAt ?? 0;
      return {
        retryAt: failedAt + context.failedRetryMs,
        lastRun: context.lastRun && { ...context.lastRun, finishedAt: failedAt, error },
      };
    }),
  },
  guards: {
    stale: ({ context, event }) => isStale(context, event),
    dueAfter: ({ context, event }) =>
      !isStale(context, event) && autoRunDue({ ...context, ...observe(context, event) }, event.now).due,
  },
}).createMachine({
  id: "batch",
  context: ({ input }) => ({
    config: input.config,
    progress: { trajectories: 0, successes: 0 },
    lastRunAt: null,
    lastRun: null,
    runs: 0,
    retryAt: null,
    failedRetryMs: input.failedRetryMs ?? defaultFailedRetryMs,
  }),
  initial: "idle",
  // What a state does not take: observations are recorded, nothing starts.
  on: {
    PROGRESS: [{ guard: "stale" }, { actions: "observe" }],
    CONFIG_CHANGED: { actions: "observe" },
  },
  states: {
    idle: {
      on: {
        PROGRESS: { guard: "dueAfter", target: "running", actions: "startAuto" },
        CONFIG_CHANGED: { guard: "dueAfter", target: "running", actions: "startAuto" },
        TICK: { guard: "dueAfter", target: "running", actions: "startAuto" },
        RUN_REQUESTED: { target: "running", actions: "startManual" },
      },
    },
    running: {
      invoke: {
        id: "runBatch",
        src: "runBatch",
        input: ({ context }) => ({
          runId: context.lastRun?.id ?? `batch-${context.runs}`,
          since: context.lastRunAt,
          trigger: context.lastRun?.trigger ?? "auto",
        }),
        onDone: { target: "idle", actions: { type: "recordSuccess", params: ({ event }) => event.output } },
        onError: {
          target: "idle",
          actions: { type: "recordFailure", params: ({ event }) => ({ thrown: event.error }) },
        },
      },
    },
  },
});
