/**
 * The training-job machine: one actor per job, from a dataset version to a trained
 * artifact registered as a model. Pure: time comes in on the events (`now`), and
 * every effect (export the version, run the trainer, evaluate and register, stop the
 * trainer) is an invoked actor provided at the composition root.
 *
 *   queued ─START─► preparing ─► training ─► evaluating ─► succeeded
 *                       │            │            │
 *                       └── a retryable error, attempts left ──► retrying ─TICK past retryAt─► preparing
 *                       └── any other error ─────────────────────► failed
 *   CANCEL: queued / preparing / retrying / evaluating ─► cancelled; training ─► stopping ─► cancelled
 *   TICK past the deadline: training ─► stopping ─► failed (E7935); any other running state ─► failed (E7935)
 *
 * Rules:
 * - The deadline is `timeoutMs` after the job first left `queued`, across retries.
 * - Retry `n` (1-based) waits `backoffMs · 2^(n-1)`; `maxRetries` retries at most.
 * - `training` is `starting` (the trainer is launched; its handle comes back) then
 *   `watching` (the handle is followed). A snapshot persisted in `watching` resumes
 *   the watch with the handle: xstate restores an invoked actor with the input it
 *   was started with, so no second training starts. Every invoked actor runs again
 *   when restored in its state, so each must tolerate running twice (`startTrainer`
 *   by finding a trainer it already launched for the job).
 * - Progress is kept as the trainer reported it: the latest report, and the loss of
 *   each reported step (the last `lossHistoryLimit`). A report whose step is not
 *   past the last one is a resumed watch replaying, and is ignored.
 *
 * @module
 */
import { assign, fromCallback, fromPromise, setup } from "xstate";
import type { ErrorCode, ErrorData } from "../../errors.ts";
import type { PreparedData, Progress, TrainingHandle, TrainingResult } from "../../jobs/backend.ts";
import type { JobConfig } from "../../jobs/config.ts";

/** The version a job trains on, as named in the request. */
export interface JobDataset {
  name: string;
  version: string;
}

/** What evaluating produced: the model registered from the artifact, and its figures. */
export interface Evaluation {
  modelId: string;
  metrics: Record<string, number>;
  /** When it finished. */
  at: number;
}

export interface JobContext {
  id: string;
  config: JobConfig;
  dataset: JobDataset;
  createdAt: number;
  /** When the job first left `queued`; null before. */
  startedAt: number | null;
  deadline: number | null;
  finishedAt: number | null;
  /** Attempts started (1 for the first). */
  attempt: number;
  retryAt: number | null;
  prepared: PreparedData | null;
  handle: TrainingHandle | null;
  progress: Progress | null;
  lossHistory: { step: number; loss: number }[];
  result: TrainingResult | null;
  evaluation: Evaluation | null;
  /** The error that failed the job, or the last one retried. */
  error: ErrorData | null;
  /** Whether `error` was retried (the job went on). */
  retried: boolean;
  /** The failure being decided on (retry or fail), with when it happened. */
  failure: (JobFailure & { at: number }) | null;
  cancel: { by: string; reason: string; at: number } | null;
}

export interface JobInput {
  id: string;
  config: JobConfig;
  dataset: JobDataset;
  now: number;
}

/** What a provided actor rejects with (or the trainer reports): a code, a message, whether a retry may help, when. */
export interface JobFailure extends ErrorData {
  retryable?: boolean;
  at?: number;
}

export type JobEvent =
  | { type: "START"; now: number }
  | { type: "TICK"; now: number }
  | { type: "CANCEL"; now: number; by: string; reason: string }
  | { type: "HANDLE"; handle: TrainingHandle }
  | { type: "PROGRESS"; progress: Progress }
  | { type: "TRAINED"; result: TrainingResult }
  | { type: "TRAINING_FAILED"; error: JobFailure; now: number };

/** The state names a user sees (`training`'s substates show as `training`). */
export type JobState =
  | "queued"
  | "preparing"
  | "training"
  | "evaluating"
  | "retrying"
  | "stopping"
  | "succeeded"
  | "failed"
  | "cancelled";

/** The state a user sees in a snapshot's value. */
export const jobStateOf = (value: unknown): JobState =>
  (typeof value === "string" ? value : Object.keys(value as object)[0]) as JobState;

export const finalJobStates: readonly JobState[] = ["succeeded", "failed", "cancelled"];

export const lossHistoryLimit = 500;

export interface PrepareInput {
  jobId: string;
  config: JobConfig;
  dataset: JobDataset;
  attempt: number;
}

export interface StartTrainerInput {
  jobId: string;
  config: JobConfig;
  prepared: PreparedData;
}

export interface WatchTrainerInput extends StartTrainerInput {
  /** The training to follow, as `startTrainer` returned it. */
  handle: TrainingHandle;
}

export interface EvaluateInput {
  jobId: string;
  config: JobConfig;
  dataset: JobDataset;
  prepared: PreparedData;
  result: TrainingResult;
}

export interface StopInput {
  jobId: string;
  config: JobConfig;
  prepared: PreparedData | null;
  handle: TrainingHandle | null;
}

/** The thrown value as plain data: an E7xxx code kept, anything else E7999. */
export function failureOf(thrown: unknown): JobFailure {
  const e = (typeof thrown === "object" && thrown !== null ? thrown : {}) as Record<string, unknown>;
  const message = typeof e.message === "string" ? e.message : String(thrown);
  const code = typeof e.code === "string" && /^E7\d{3}$/.test(e.code) ? e.code as ErrorCode : "E7999";
  return {
    code,
    message,
    ...(e.details !== undefined && { details: e.details }),
    ...(e.retryable === true && { retryable: true }),
    ...(typeof e.at === "number" && { at: e.at }),
  };
}

/** When the retry after `failure` may start, or null when it is final or no retry is left. */
export function retryAtAfter(context: JobContext, failure: JobFailure & { at: number }): number | null {
  if (!failure.retryable || context.attempt > context.config.maxRetries) return null;
  return failure.at + context.config.backoffMs * 2 ** (context.attempt - 1);
}

/** Whether a progress report is one already kept: a resumed watch may replay from its start. */
const isReplay = (context: JobContext, progress: Progress) =>
  progress.step !== undefined && context.progress?.step !== undefined && progress.step <= context.progress.step;

const timedOut = (context: JobContext, now: number) => context.deadline !== null && now >= context.deadline;

const timeoutError = (context: JobContext): ErrorData => ({
  code: "E7935",
  message: `job timed out after ${context.config.timeoutMs} ms`,
});

/** The failure's time: its own, else the last moment the machine knew of. */
const timeOf = (context: JobContext, failure: JobFailure) =>
  failure.at ?? context.retryAt ?? context.startedAt ?? context.createdAt;

const noted = (context: JobContext, thrown: unknown) => {
  const failure = failureOf(thrown);
  return { ...failure, at: timeOf(context, failure) };
};

const plain = ({ retryable: _r, at: _a, ...error }: JobFailure): ErrorData => error;

const notProvided = (name: string) => () => Promise.reject({ code: "E7999", message: `${name} was not provided` });

/** Preparing and evaluating run nothing outside: a cancel or the deadline ends them at once. */
const endsOnCancelOrTimeout = {
  CANCEL: { target: "cancelled", actions: "cancelNow" },
  TICK: { guard: "timedOut", target: "failed", actions: "failTimedOut" },
} as const;

export const jobMachine = setup({
  types: {
    context: {} as JobContext,
    events: {} as JobEvent,
    input: {} as JobInput,
  },
  actors: {
    /** Exports the dataset version for the backend and checks it can be trained on. */
    prepare: fromPromise<PreparedData, PrepareInput>(notProvided("prepare")),
    /** Starts the trainer; resolves with the handle that finds it again. */
    startTrainer: fromPromise<TrainingHandle, StartTrainerInput>(notProvided("startTrainer")),
    /** Follows the trainer; reports back HANDLE, PROGRESS, then TRAINED or TRAINING_FAILED. */
    watchTrainer: fromCallback<JobEvent, WatchTrainerInput>(({ sendBack }) => {
      sendBack({ type: "TRAINING_FAILED", error: { code: "E7999", message: "watchTrainer was not provided" }, now: 0 });
    }),
    /** Evaluates the artifact and registers it as a model version. */
    evaluate: fromPromise<Evaluation, EvaluateInput>(notProvided("evaluate")),
    /** Stops the trainer (SIGTERM then SIGKILL, or the service's cancel). */
    stopTraining: fromPromise<{ at: number }, StopInput>(notProvided("stopTraining")),
  },
  actions: {
    begin: assign(({ context, event }) => {
      const now = (event as { now: number }).now;
      return { startedAt: now, deadline: now + context.config.timeoutMs, attempt: 1 };
    }),
    retryNow: assign(({ context }) => ({
      attempt: context.attempt + 1,
      retryAt: null,
      prepared: null,
      handle: null,
      progress: null,
      result: null,
    })),
    keepPrepared: assign((_, prepared: PreparedData) => ({ prepared })),
    keepHandle: assign((_, handle: TrainingHandle) => ({ handle })),
    keepProgress: assign(({ context }, progress: Progress) =>
      isReplay(context, progress) ? {} : {
        progress,
        lossHistory: progress.step !== undefined && progress.loss !== undefined
          ? [...context.lossHistory, { step: progress.step, loss: progress.loss }].slice(-lossHistoryLimit)
          : context.lossHistory,
      }
    ),
    keepResult: assign((_, result: TrainingResult) => ({ result })),
    noteFailure: assign((_, failure: JobFailure & { at: number }) => ({ failure })),
    scheduleRetry: assign(({ context }) => ({
      error: plain(context.failure!),
      retried: true,
      retryAt: retryAtAfter(context, context.failure!),
      failure: null,
    })),
    fail: assign(({ context }) => ({
      error: plain(context.failure!),
      retried: false,
      finishedAt: context.failure!.at,
      failure: null,
    })),
    failTimedOut: assign(({ context, event }) => ({
      error: timeoutError(context),
      retried: false,
      finishedAt: (event as { now: number }).now,
    })),
    /** On the way to stopping: the timeout is the error, the stop finishes it later. */
    noteTimeout: assign(({ context }) => ({ error: timeoutError(context), retried: false })),
    noteCancel: assign(({ event }) => {
      const e = event as Extract<JobEvent, { type: "CANCEL" }>;
      return { cancel: { by: e.by, reason: e.reason, at: e.now } };
    }),
    cancelNow: assign(({ event }) => {
      const e = event as Extract<JobEvent, { type: "CANCEL" }>;
      return { cancel: { by: e.by, reason: e.reason, at: e.now }, finishedAt: e.now };
    }),
    finish: assign((_, at: number) => ({ finishedAt: at })),
    succeed: assign((_, evaluation: Evaluation) => ({
      evaluation,
      error: null,
      retried: false,
      finishedAt: evaluation.at,
    })),
  },
  guards: {
    retryLeft: ({ context }) => context.failure !== null && retryAtAfter(context, context.failure) !== null,
    timedOut: ({ context, event }) => timedOut(context, (event as { now: number }).now),
    retryDue: ({ context, event }) => context.retryAt !== null && (event as { now: number }).now >= context.retryAt,
    stoppedForCancel: ({ context }) => context.cancel !== null,
  },
}).createMachine({
  id: "job",
  context: ({ input }) => ({
    id: input.id,
    config: input.config,
    dataset: input.dataset,
    createdAt: input.now,
    startedAt: null,
    deadline: null,
    finishedAt: null,
    attempt: 0,
    retryAt: null,
    prepared: null,
    handle: null,
    progress: null,
    lossHistory: [],
    result: null,
    evaluation: null,
    error: null,
    retried: false,
    failure: null,
    cancel: null,
  }),
  initial: "queued",
  states: {
    queued: {
      on: {
        START: { target: "preparing", actions: "begin" },
        CANCEL: { target: "cancelled", actions: "cancelNow" },
      },
    },
    preparing: {
      invoke: {
        src: "prepare",
        input: ({ context }) => ({
          jobId: context.id,
          config: context.config,
          dataset: context.dataset,
          attempt: context.attempt,
        }),
        onDone: { target: "training", actions: { type: "keepPrepared", params: ({ event }) => event.output } },
        onError: {
          target: "failing",
          actions: { type: "noteFailure", params: ({ context, event }) => noted(context, event.error) },
        },
      },
      on: endsOnCancelOrTimeout,
    },
    training: {
      initial: "starting",
      states: {
        starting: {
          invoke: {
            src: "startTrainer",
            input: ({ context }) => ({ jobId: context.id, config: context.config, prepared: context.prepared! }),
            onDone: { target: "watching", actions: { type: "keepHandle", params: ({ event }) => event.output } },
            onError: {
              target: "#job.failing",
              actions: { type: "noteFailure", params: ({ context, event }) => noted(context, event.error) },
            },
          },
        },
        watching: {
          invoke: {
            src: "watchTrainer",
            input: ({ context }) => ({
              jobId: context.id,
              config: context.config,
              prepared: context.prepared!,
              handle: context.handle!,
            }),
          },
          on: {
            HANDLE: { actions: { type: "keepHandle", params: ({ event }) => event.handle } },
            PROGRESS: { actions: { type: "keepProgress", params: ({ event }) => event.progress } },
            TRAINED: {
              target: "#job.evaluating",
              actions: { type: "keepResult", params: ({ event }) => event.result },
            },
            TRAINING_FAILED: {
              target: "#job.failing",
              actions: { type: "noteFailure", params: ({ event }) => ({ ...event.error, at: event.now }) },
            },
          },
        },
      },
      on: {
        CANCEL: { target: "stopping", actions: "noteCancel" },
        TICK: { guard: "timedOut", target: "stopping", actions: "noteTimeout" },
      },
    },
    /** Transient: a failure decides between a retry and the end. */
    failing: {
      always: [
        { guard: "retryLeft", target: "retrying", actions: "scheduleRetry" },
        { target: "failed", actions: "fail" },
      ],
    },
    evaluating: {
      invoke: {
        src: "evaluate",
        input: ({ context }) => ({
          jobId: context.id,
          config: context.config,
          dataset: context.dataset,
          prepared: context.prepared!,
          result: context.result!,
        }),
        onDone: { target: "succeeded", actions: { type: "succeed", params: ({ event }) => event.output } },
        onError: {
          target: "failing",
          actions: { type: "noteFailure", params: ({ context, event }) => noted(context, event.error) },
        },
      },
      on: endsOnCancelOrTimeout,
    },
    retrying: {
      on: {
        TICK: [
          { guard: "timedOut", target: "failed", actions: "failTimedOut" },
          { guard: "retryDue", target: "preparing", actions: "retryNow" },
        ],
        CANCEL: { target: "cancelled", actions: "cancelNow" },
      },
    },
    stopping: {
      invoke: {
        src: "stopTraining",
        input: ({ context }) => ({
          jobId: context.id,
          config: context.config,
          prepared: context.prepared,
          handle: context.handle,
        }),
        onDone: [
          {
            guard: "stoppedForCancel",
            target: "cancelled",
            actions: { type: "finish", params: ({ event }) => event.output.at },
          },
          { target: "failed", actions: { type: "finish", params: ({ event }) => event.output.at } },
        ],
        // The trainer could not be stopped cleanly; the job ends all the same, with what was asked.
        onError: [
          {
            guard: "stoppedForCancel",
            target: "cancelled",
            actions: { type: "finish", params: ({ context, event }) => noted(context, event.error).at },
          },
          {
            target: "failed",
            actions: { type: "finish", params: ({ context, event }) => noted(context, event.error).at },
          },
        ],
      },
    },
    succeeded: { type: "final" },
    failed: { type: "final" },
    cancelled: { type: "final" },
  },
});
