import assert from "node:assert/strict";
import { type Actor, type AnyStateMachine, createActor, fromPromise, waitFor } from "xstate";
import type { LearningConfig } from "../../learning/config.ts";
import {
  autoRunDue,
  type BatchEvent,
  type BatchInput,
  batchMachine,
  type RunBatchInput,
  type RunBatchOutput,
} from "./machine.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const RETRY = 300_000;
const config: LearningConfig = { creditStrategy: "simple", patternExtractor: "text", minTrajectories: 50 };

interface Call {
  input: RunBatchInput;
  signal: AbortSignal;
  resolve: (output: RunBatchOutput) => void;
  reject: (error: unknown) => void;
}

/** `batchMachine` whose `runBatch` records each call and waits for the test to settle it. */
function provided() {
  const calls: Call[] = [];
  const machine = batchMachine.provide({
    actors: {
      runBatch: fromPromise<RunBatchOutput, RunBatchInput>(({ input, signal }) =>
        new Promise((resolve, reject) => calls.push({ input, signal, resolve, reject }))
      ),
    },
  });
  return { calls, machine };
}

/** A started actor, fresh from `input` or restored from `snapshot` as the runtime does. */
function harness(input: Partial<BatchInput> = {}, snapshot?: unknown) {
  const { calls, machine } = provided();
  const actor = snapshot === undefined
    ? createActor(machine, { input: { config, ...input } }).start()
    // xstate's types ask for an input here; a snapshot-only restore does not need one.
    : createActor(machine as AnyStateMachine, { snapshot: snapshot as never }).start() as Actor<typeof machine>;
  const send = (...events: BatchEvent[]) => {
    for (const event of events) actor.send(event);
    return actor.getSnapshot();
  };
  const settle = async (outcome: () => void) => {
    outcome();
    return await waitFor(actor, (s) => s.matches("idle"));
  };
  const succeed = (finishedAt: number, result: Record<string, unknown> = { patterns: 3 }) =>
    settle(() => calls.at(-1)!.resolve({ finishedAt, result }));
  const fail = (error: unknown) => settle(() => calls.at(-1)!.reject(error));
  return { actor, calls, send, succeed, fail };
}

const progress = (trajectories: number, now: number, successes = trajectories): BatchEvent => ({
  type: "PROGRESS",
  trajectories,
  successes,
  now,
});
const tick = (now: number): BatchEvent => ({ type: "TICK", now });
const runRequested = (now: number, runId = `manual-${now}`): BatchEvent => ({ type: "RUN_REQUESTED", now, runId });

Deno.test("batchMachine starts idle with no progress and no run", () => {
  const { actor } = harness();
  const s = actor.getSnapshot();
  assert.equal(s.value, "idle");
  assert.deepEqual(s.context, {
    config,
    progress: { trajectories: 0, successes: 0 },
    lastRunAt: null,
    lastRun: null,
    runs: 0,
    retryAt: null,
    failedRetryMs: RETRY,
  });
  actor.stop();
});

Deno.test("batchMachine runs when PROGRESS reaches minTrajectories", () => {
  const { actor, calls, send } = harness();
  const s = send(progress(50, T0));
  assert.equal(s.value, "running");
  assert.deepEqual(s.context.lastRun, { id: "batch-1", trigger: "auto", startedAt: T0 });
  assert.equal(s.context.runs, 1);
  assert.deepEqual(s.context.progress, { trajectories: 50, successes: 50 });
  assert.deepEqual(calls.map((c) => c.input), [{ runId: "batch-1", since: null, trigger: "auto" }]);
  actor.stop();
});

Deno.test("batchMachine stays idle below the count, and repeated PROGRESS does not add up", () => {
  const { actor, calls, send } = harness();
  let s = send(progress(30, T0, 20), progress(30, T0 + 1, 20), progress(49, T0 + 2, 40), tick(T0 + 10 * HOUR));
  assert.equal(s.value, "idle");
  assert.deepEqual(s.context.progress, { trajectories: 49, successes: 40 }, "absolute counts replace, never add");
  assert.equal(calls.length, 0);
  assert.deepEqual(autoRunDue(s.context, T0).reasons, ["49 of 50 trajectories"]);
  s = send(progress(30, T0 + 3));
  assert.deepEqual(s.context.progress, { trajectories: 30, successes: 30 }, "a lower count is taken as measured");
  actor.stop();
});

Deno.test("batchMachine with minHoursSinceLast runs only once enough time has passed since the last run", async () => {
  const h = harness({ config: { ...config, minHoursSinceLast: 6 } });
  h.send(progress(50, T0));
  assert.equal(h.calls.length, 1, "no previous batch counts as long enough ago");
  const done = T0 + HOUR / 10; // its rest (nine times as long) is over long before the hours are
  await h.succeed(done);

  let s = h.send(progress(60, T0 + 2 * HOUR), tick(done + 6 * HOUR - 1));
  assert.equal(s.value, "idle");
  assert.deepEqual(autoRunDue(s.context, done + 5 * HOUR).reasons, ["5.0 h since the last batch, 6 h needed"]);
  s = h.send(tick(done + 6 * HOUR));
  assert.equal(s.value, "running", "TICK re-evaluates the time trigger");
  assert.deepEqual(h.calls[1]?.input, { runId: "batch-2", since: done, trigger: "auto" });
  assert.equal(s.context.lastRun?.startedAt, done + 6 * HOUR);
  h.actor.stop();
});

Deno.test("batchMachine with minSuccessRate runs at or above the rate and not below", () => {
  const { actor, calls, send } = harness({ config: { ...config, minSuccessRate: 0.6 } });
  let s = send(progress(50, T0, 29), progress(80, T0 + 1, 47), tick(T0 + 2));
  assert.equal(s.value, "idle");
  assert.deepEqual(autoRunDue(s.context, T0 + 2).reasons, ["success rate 0.59 below 0.60"]);
  s = send(progress(80, T0 + 3, 48));
  assert.equal(s.value, "running");
  assert.equal(calls.length, 1);
  actor.stop();
});

Deno.test("batchMachine runs on RUN_REQUESTED whatever the triggers say", () => {
  const { actor, calls, send } = harness();
  const s = send(runRequested(T0, "req-7"));
  assert.equal(s.value, "running");
  assert.deepEqual(s.context.lastRun, { id: "req-7", trigger: "manual", startedAt: T0 });
  assert.deepEqual(calls.map((c) => c.input), [{ runId: "req-7", since: null, trigger: "manual" }]);
  actor.stop();
});

Deno.test("batchMachine ignores RUN_REQUESTED and TICK while running, and takes a request once idle", async () => {
  const h = harness();
  h.send(runRequested(T0, "req-1"));
  let s = h.send(runRequested(T0 + 1, "req-2"), tick(T0 + 2), progress(70, T0 + 3));
  assert.equal(s.value, "running");
  assert.equal(s.context.lastRun?.id, "req-1", "the caller sees its request was not taken");
  assert.equal(s.context.runs, 1);
  assert.equal(h.calls.length, 1);
  assert.deepEqual(s.context.progress, { trajectories: 70, successes: 70 }, "progress is still recorded");

  await h.succeed(T0 + 10);
  s = h.send(runRequested(T0 + 20, "req-3"));
  assert.equal(s.context.lastRun?.id, "req-3");
  assert.equal(h.calls.length, 2);
  h.actor.stop();
});

Deno.test("batchMachine records a successful run, resets progress and ignores PROGRESS measured before it ended", async () => {
  const h = harness();
  h.send(progress(50, T0, 40));
  let s = await h.succeed(T0 + 5_000, { patterns: 4, pruned: 1 });
  assert.equal(s.value, "idle");
  assert.equal(s.context.lastRunAt, T0 + 5_000);
  assert.deepEqual(s.context.progress, { trajectories: 0, successes: 0 });
  assert.deepEqual(s.context.lastRun, {
    id: "batch-1",
    trigger: "auto",
    startedAt: T0,
    finishedAt: T0 + 5_000,
    result: { patterns: 4, pruned: 1 },
  });

  s = h.send(progress(55, T0 + 4_999));
  assert.deepEqual(s.context.progress, { trajectories: 0, successes: 0 }, "a late report cannot double count");
  assert.equal(s.value, "idle");
  s = h.send(progress(50, T0 + 5_000));
  assert.equal(s.value, "idle", "resting nine times as long as the run took");
  assert.match(autoRunDue(s.context, T0 + 5_000).reasons.join(), /resting 45\.0 s after a batch of 5\.0 s/);
  s = h.send(progress(50, T0 + 49_999));
  assert.equal(s.value, "idle");
  s = h.send(progress(50, T0 + 50_000));
  assert.equal(s.value, "running");
  assert.deepEqual(h.calls[1]?.input, { runId: "batch-2", since: T0 + 5_000, trigger: "auto" });
  h.actor.stop();
});

Deno.test("batchMachine records a failed run and retries automatically only after failedRetryMs", async () => {
  const h = harness();
  h.send(progress(50, T0, 30));
  let s = await h.fail({ code: "E7911", message: "LLM provider error", at: T0 + 1_000 });
  assert.equal(s.value, "idle");
  assert.deepEqual(s.context.lastRun, {
    id: "batch-1",
    trigger: "auto",
    startedAt: T0,
    finishedAt: T0 + 1_000,
    error: { code: "E7911", message: "LLM provider error" },
  });
  assert.deepEqual(s.context.progress, { trajectories: 50, successes: 30 }, "progress is kept for the retry");
  assert.equal(s.context.lastRunAt, null);
  assert.equal(s.context.retryAt, T0 + 1_000 + RETRY);

  s = h.send(progress(51, T0 + 2_000, 31), tick(T0 + 1_000 + RETRY - 1));
  assert.equal(s.value, "idle", "a failing batch does not spin");
  assert.deepEqual(autoRunDue(s.context, T0 + 1_000 + RETRY - 60_000).reasons, [
    "last batch failed; no automatic retry for 1.0 min",
  ]);
  s = h.send(tick(T0 + 1_000 + RETRY));
  assert.equal(s.value, "running");
  assert.deepEqual(h.calls[1]?.input, { runId: "batch-2", since: null, trigger: "auto" });

  s = await h.succeed(T0 + RETRY + 9_000);
  assert.equal(s.context.retryAt, null);
  assert.equal(s.context.lastRun?.error, undefined);
  h.actor.stop();
});

Deno.test("batchMachine turns any thrown value into E7999 data and backs off from the run's start", async () => {
  const h = harness({ failedRetryMs: 60_000 });
  h.send(progress(50, T0));
  const s = await h.fail(new TypeError("boom"));
  assert.deepEqual(s.context.lastRun?.error, { code: "E7999", message: "boom" });
  assert.equal(s.context.lastRun?.finishedAt, T0);
  assert.equal(s.context.retryAt, T0 + 60_000);
  assert.doesNotThrow(() => JSON.stringify(h.actor.getPersistedSnapshot()));
  h.actor.stop();
});

Deno.test("batchMachine runs on RUN_REQUESTED during the back-off", async () => {
  const h = harness();
  h.send(progress(50, T0));
  await h.fail({ code: "E7911", message: "down", at: T0 });
  const s = h.send(runRequested(T0 + 1_000, "req-1"));
  assert.equal(s.value, "running");
  assert.deepEqual(h.calls[1]?.input, { runId: "req-1", since: null, trigger: "manual" });
  h.actor.stop();
});

Deno.test("batchMachine re-evaluates on CONFIG_CHANGED: lowering minTrajectories below the count runs", () => {
  const { actor, calls, send } = harness();
  let s = send(progress(30, T0), { type: "CONFIG_CHANGED", config: { ...config, minTrajectories: 40 }, now: T0 + 1 });
  assert.equal(s.value, "idle");
  assert.equal(s.context.config.minTrajectories, 40);
  s = send({ type: "CONFIG_CHANGED", config: { ...config, minTrajectories: 20 }, now: T0 + 2 });
  assert.equal(s.value, "running");
  assert.equal(s.context.config.minTrajectories, 20);
  assert.equal(calls.length, 1);

  s = send({ type: "CONFIG_CHANGED", config: { ...config, minTrajectories: 10 }, now: T0 + 3 });
  assert.equal(s.context.config.minTrajectories, 10, "a change while running is kept");
  assert.equal(calls.length, 1);
  actor.stop();
});

Deno.test("batchMachine snapshot survives a JSON round trip and the restored actor carries on", async () => {
  const h = harness({ config: { ...config, minHoursSinceLast: 1 } });
  h.send(progress(50, T0));
  await h.succeed(T0 + 1_000);
  h.send(runRequested(T0 + 2_000, "req-1"));
  await h.fail({ code: "E7911", message: "down", at: T0 + 3_000 });
  h.send(progress(12, T0 + 4_000, 6));
  const before = h.actor.getSnapshot();
  const stored = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
  h.actor.stop();

  const r = harness({}, stored);
  const s = r.actor.getSnapshot();
  assert.equal(s.value, "idle");
  assert.deepEqual(s.context, before.context);
  assert.equal(r.calls.length, 0);
  const next = r.send(progress(50, T0 + 1_000 + HOUR));
  assert.equal(next.value, "running");
  assert.deepEqual(r.calls[0]?.input, { runId: "batch-3", since: T0 + 1_000, trigger: "auto" });
  r.actor.stop();
});

Deno.test("batchMachine restored in running starts runBatch again with the same runId and finishes", async () => {
  const h = harness();
  h.send(progress(50, T0, 45));
  const stored = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
  h.actor.stop();
  assert.equal(h.calls[0]?.signal.aborted, true, "the interrupted run is told to stop");

  const r = harness({}, stored);
  let s = r.actor.getSnapshot();
  assert.equal(s.value, "running");
  assert.deepEqual(r.calls.map((c) => c.input), [{ runId: "batch-1", since: null, trigger: "auto" }]);
  assert.equal(s.context.runs, 1, "a restart is not a new run");

  h.calls[0]?.resolve({ finishedAt: T0 + 1, result: { stale: true } });
  s = await r.succeed(T0 + 9_000, { patterns: 2 });
  assert.equal(s.context.lastRunAt, T0 + 9_000);
  assert.deepEqual(s.context.lastRun?.result, { patterns: 2 });
  assert.deepEqual(s.context.progress, { trajectories: 0, successes: 0 });
  r.actor.stop();
});
