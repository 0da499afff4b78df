import assert from "node:assert/strict";
import { type Actor, createActor, fromCallback, fromPromise } from "xstate";
import type { PreparedData, TrainingHandle } from "../../jobs/backend.ts";
import { parseJobConfig } from "../../jobs/config.ts";
import {
  type EvaluateInput,
  type Evaluation,
  type JobEvent,
  type JobFailure,
  jobMachine,
  type JobState,
  jobStateOf,
  type PrepareInput,
  type StartTrainerInput,
  type StopInput,
  type WatchTrainerInput,
} from "./machine.ts";

const prepared: PreparedData = {
  dataset: { name: "d", version: "1.0.0", contentHash: "h" },
  files: { train: "/t.jsonl", val: null, test: null },
  counts: { train: 8, val: 0, test: 0 },
};

/** A trainer the test drives by hand: it records how it was started and hands out its sendBack. */
class Trainer {
  started = 0;
  inputs: WatchTrainerInput[] = [];
  send: ((event: JobEvent) => void) | undefined;
  stopped = 0;
}

interface Fakes {
  prepare?: (input: PrepareInput) => Promise<PreparedData>;
  evaluate?: (input: EvaluateInput) => Promise<Evaluation>;
  stop?: (input: StopInput) => Promise<{ at: number }>;
}

function machineWith(trainer: Trainer, fakes: Fakes = {}) {
  return jobMachine.provide({
    actors: {
      prepare: fromPromise<PreparedData, PrepareInput>(({ input }) =>
        (fakes.prepare ?? (() => Promise.resolve(prepared)))(input)
      ),
      startTrainer: fromPromise<TrainingHandle, StartTrainerInput>(() => {
        trainer.started++;
        return Promise.resolve({ pid: 7, offset: 0 });
      }),
      watchTrainer: fromCallback<JobEvent, WatchTrainerInput>(({ input, sendBack }) => {
        trainer.inputs.push(input);
        trainer.send = sendBack;
      }),
      evaluate: fromPromise<Evaluation, EvaluateInput>(({ input }) =>
        (fakes.evaluate ?? (() => Promise.resolve({ modelId: "m.v1", metrics: { valScore: 0.7 }, at: 500 })))(input)
      ),
      stopTraining: fromPromise<{ at: number }, StopInput>(({ input }) => {
        trainer.stopped++;
        return (fakes.stop ?? (() => Promise.resolve({ at: 900 })))(input);
      }),
    },
  });
}

const config = (fields: Record<string, unknown> = {}) =>
  parseJobConfig({ maxRetries: 2, backoffMs: 1_000, timeoutMs: 60_000, ...fields });

function start(trainer: Trainer, fakes: Fakes = {}, fields: Record<string, unknown> = {}) {
  const actor = createActor(machineWith(trainer, fakes), {
    input: { id: "job-1", config: config(fields), dataset: { name: "d", version: "1.0.0" }, now: 0 },
  });
  actor.start();
  return actor;
}

/** Lets invoked promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const state = (actor: Actor<typeof jobMachine>): JobState => jobStateOf(actor.getSnapshot().value);

const crash: JobFailure = { code: "E7933", message: "trainer exited with code 1", retryable: true };

Deno.test("a job goes queued → preparing → training → evaluating → succeeded, keeping what the trainer reported", async () => {
  const trainer = new Trainer();
  const actor = start(trainer);
  assert.equal(state(actor), "queued");
  actor.send({ type: "START", now: 10 });
  assert.equal(state(actor), "preparing");
  await settle();
  assert.equal(state(actor), "training");
  await settle();
  assert.deepEqual(trainer.inputs[0]!.handle, { pid: 7, offset: 0 });
  trainer.send!({ type: "HANDLE", handle: { pid: 7, offset: 80 } });
  trainer.send!({ type: "PROGRESS", progress: { step: 1, totalSteps: 2, epoch: 1, loss: 2.5, etaMs: 100 } });
  trainer.send!({ type: "PROGRESS", progress: { message: "checkpoint saved" } });
  trainer.send!({ type: "PROGRESS", progress: { step: 2, totalSteps: 2, epoch: 1, loss: 1.5 } });
  trainer.send!({ type: "TRAINED", result: { metrics: { loss: 1.5 } } });
  assert.equal(state(actor), "evaluating");
  await settle();
  assert.equal(state(actor), "succeeded");
  const c = actor.getSnapshot().context;
  assert.deepEqual(c.handle, { pid: 7, offset: 80 });
  assert.deepEqual(c.lossHistory, [{ step: 1, loss: 2.5 }, { step: 2, loss: 1.5 }]);
  assert.deepEqual(c.evaluation, { modelId: "m.v1", metrics: { valScore: 0.7 }, at: 500 });
  assert.equal(c.startedAt, 10);
  assert.equal(c.deadline, 60_010);
  assert.equal(c.finishedAt, 500);
  assert.equal(c.attempt, 1);
});

Deno.test("a retryable failure waits its back-off, doubling, then fails once the retries are spent", async () => {
  const trainer = new Trainer();
  const actor = start(trainer);
  actor.send({ type: "START", now: 0 });
  await settle();
  trainer.send!({ type: "TRAINING_FAILED", error: crash, now: 100 });
  assert.equal(state(actor), "retrying");
  assert.equal(actor.getSnapshot().context.retryAt, 1_100);
  assert.equal(actor.getSnapshot().context.retried, true);
  actor.send({ type: "TICK", now: 1_099 });
  assert.equal(state(actor), "retrying");
  actor.send({ type: "TICK", now: 1_100 });
  assert.equal(state(actor), "preparing");
  assert.equal(actor.getSnapshot().context.attempt, 2);
  await settle();
  trainer.send!({ type: "TRAINING_FAILED", error: crash, now: 2_000 });
  assert.equal(actor.getSnapshot().context.retryAt, 4_000);
  actor.send({ type: "TICK", now: 4_000 });
  await settle();
  await settle();
  assert.equal(trainer.started, 3, "each retry starts a new training");
  trainer.send!({ type: "TRAINING_FAILED", error: crash, now: 5_000 });
  assert.equal(state(actor), "failed");
  const c = actor.getSnapshot().context;
  assert.deepEqual(c.error, { code: "E7933", message: "trainer exited with code 1" });
  assert.equal(c.retried, false);
  assert.equal(c.finishedAt, 5_000);
});

Deno.test("a failure that is not retryable fails the job at once, from any working state", async () => {
  const fromPrepare = start(new Trainer(), {
    prepare: () => Promise.reject({ code: "E7936", message: "the train split is empty", at: 5 }),
  });
  fromPrepare.send({ type: "START", now: 0 });
  await settle();
  assert.equal(state(fromPrepare), "failed");
  assert.equal(fromPrepare.getSnapshot().context.error?.code, "E7936");
  assert.equal(fromPrepare.getSnapshot().context.finishedAt, 5);

  const trainer = new Trainer();
  const fromEvaluate = start(trainer, { evaluate: () => Promise.reject(new Error("disk full")) });
  fromEvaluate.send({ type: "START", now: 0 });
  await settle();
  trainer.send!({ type: "TRAINED", result: { metrics: {} } });
  await settle();
  assert.equal(state(fromEvaluate), "failed");
  assert.deepEqual(fromEvaluate.getSnapshot().context.error, { code: "E7999", message: "disk full" });
});

Deno.test("maxRetries 0 means the first retryable failure is final", async () => {
  const trainer = new Trainer();
  const actor = start(trainer, {}, { maxRetries: 0 });
  actor.send({ type: "START", now: 0 });
  await settle();
  trainer.send!({ type: "TRAINING_FAILED", error: crash, now: 1 });
  assert.equal(state(actor), "failed");
});

Deno.test("cancel: queued, preparing, retrying and evaluating end at once; training stops the trainer first", async () => {
  const queued = start(new Trainer());
  queued.send({ type: "CANCEL", now: 3, by: "alice", reason: "wrong dataset" });
  assert.equal(state(queued), "cancelled");
  assert.deepEqual(queued.getSnapshot().context.cancel, { by: "alice", reason: "wrong dataset", at: 3 });
  assert.equal(queued.getSnapshot().context.finishedAt, 3);

  const preparing = start(new Trainer(), { prepare: () => new Promise(() => {}) });
  preparing.send({ type: "START", now: 0 });
  preparing.send({ type: "CANCEL", now: 4, by: "api", reason: "" });
  assert.equal(state(preparing), "cancelled");

  const trainer = new Trainer();
  const training = start(trainer);
  training.send({ type: "START", now: 0 });
  await settle();
  await settle();
  training.send({ type: "CANCEL", now: 50, by: "api", reason: "" });
  assert.equal(state(training), "stopping");
  await settle();
  assert.equal(state(training), "cancelled");
  assert.equal(trainer.stopped, 1);
  assert.equal(training.getSnapshot().context.finishedAt, 900);

  const retrying = start(trainer);
  retrying.send({ type: "START", now: 0 });
  await settle();
  trainer.send!({ type: "TRAINING_FAILED", error: crash, now: 1 });
  retrying.send({ type: "CANCEL", now: 2, by: "api", reason: "" });
  assert.equal(state(retrying), "cancelled");
});

Deno.test("cancelling a finished job changes nothing", async () => {
  const trainer = new Trainer();
  const actor = start(trainer);
  actor.send({ type: "START", now: 0 });
  await settle();
  trainer.send!({ type: "TRAINED", result: { metrics: {} } });
  await settle();
  actor.send({ type: "CANCEL", now: 9, by: "api", reason: "" });
  assert.equal(state(actor), "succeeded");
  assert.equal(actor.getSnapshot().context.cancel, null);
});

Deno.test("the deadline counts from the first start across retries; in training it stops the trainer, then fails E7935", async () => {
  const trainer = new Trainer();
  const actor = start(trainer, {}, { timeoutMs: 10_000 });
  actor.send({ type: "START", now: 1_000 });
  await settle();
  actor.send({ type: "TICK", now: 10_999 });
  assert.equal(state(actor), "training");
  actor.send({ type: "TICK", now: 11_000 });
  assert.equal(state(actor), "stopping");
  await settle();
  assert.equal(state(actor), "failed");
  assert.equal(trainer.stopped, 1);
  assert.equal(actor.getSnapshot().context.error?.code, "E7935");

  const waiting = start(new Trainer(), {}, { timeoutMs: 10_000, backoffMs: 60_000 });
  const t2 = new Trainer();
  const retrying = start(t2, {}, { timeoutMs: 10_000, backoffMs: 60_000 });
  retrying.send({ type: "START", now: 0 });
  await settle();
  t2.send!({ type: "TRAINING_FAILED", error: crash, now: 5 });
  retrying.send({ type: "TICK", now: 10_000 });
  assert.equal(state(retrying), "failed");
  assert.equal(retrying.getSnapshot().context.error?.code, "E7935");
  assert.equal(state(waiting), "queued", "a queued job has no deadline yet");
  waiting.send({ type: "TICK", now: 1e12 });
  assert.equal(state(waiting), "queued");
});

Deno.test("restored in training, the job follows the persisted handle instead of starting a second training", async () => {
  const first = new Trainer();
  const actor = start(first);
  actor.send({ type: "START", now: 0 });
  await settle();
  await settle();
  first.send!({ type: "HANDLE", handle: { pid: 7, offset: 120 } satisfies TrainingHandle });
  first.send!({ type: "PROGRESS", progress: { step: 3, loss: 1.2 } });
  const persisted = actor.getPersistedSnapshot();
  actor.stop();

  const second = new Trainer();
  const restored = createActor(machineWith(second), {
    input: undefined as never,
    snapshot: JSON.parse(JSON.stringify(persisted)),
  });
  restored.start();
  assert.equal(state(restored), "training");
  assert.equal(second.started, 0, "no second training");
  assert.deepEqual(second.inputs.map((i) => i.handle), [{ pid: 7, offset: 0 }]);
  assert.deepEqual(restored.getSnapshot().context.handle, { pid: 7, offset: 120 });
  // The resumed watch replays from its first handle: what was kept already is not kept twice.
  second.send!({ type: "PROGRESS", progress: { step: 3, loss: 1.2 } });
  second.send!({ type: "PROGRESS", progress: { step: 4, loss: 1.1 } });
  second.send!({ type: "TRAINED", result: { metrics: { loss: 1 } } });
  await settle();
  assert.equal(state(restored), "succeeded");
  assert.deepEqual(restored.getSnapshot().context.lossHistory, [{ step: 3, loss: 1.2 }, { step: 4, loss: 1.1 }]);
});

Deno.test("the loss history keeps the last 500 reported steps", async () => {
  const trainer = new Trainer();
  const actor = start(trainer);
  actor.send({ type: "START", now: 0 });
  await settle();
  for (let step = 1; step <= 600; step++) trainer.send!({ type: "PROGRESS", progress: { step, loss: 1 / step } });
  const history = actor.getSnapshot().context.lossHistory;
  assert.equal(history.length, 500);
  assert.equal(history[0]!.step, 101);
});
