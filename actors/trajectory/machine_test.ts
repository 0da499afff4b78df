import assert from "node:assert/strict";
import { type Actor, type AnyStateMachine, createActor } from "xstate";
import { type Evaluation, type TrajectoryEvent, type TrajectoryInput, trajectoryMachine } from "./machine.ts";

const GAP = 60_000;
const GRACE = 2_000;
const task = { id: "3687", description: "Paramore is not from Tennessee." };
const agent = { name: "react", model: "text-davinci-002" };
const evaluation: Evaluation = { qualityScore: 87, confidence: 0.9, evaluator: "l06" };
const analysis = { strategy: "simple", keySteps: [1], summary: "success after 2 steps" };

/** A started actor whose `requestAnalysis` records the trajectory ids it was called for. */
function harness(input: Partial<TrajectoryInput> = {}) {
  const calls: string[] = [];
  const machine = trajectoryMachine.provide({
    actions: { requestAnalysis: ({ context }) => void calls.push(context.trajectoryId) },
  });
  const actor = createActor(machine, {
    input: { trajectoryId: "t-1", partition: 3, at: 0, inactivityGapMs: GAP, closeGraceMs: GRACE, ...input },
  }).start();
  const send = (...events: TrajectoryEvent[]) => {
    for (const event of events) actor.send(event);
    return actor.getSnapshot();
  };
  return { actor, calls, machine, send };
}

/** Rehydrates a persisted snapshot, as the actor system does (xstate's types ask for an input here). */
const restore = <M extends AnyStateMachine>(machine: M, snapshot: unknown): Actor<M> =>
  createActor(machine as AnyStateMachine, { snapshot: snapshot as never }).start() as Actor<M>;

const step = (index: number, at: number): TrajectoryEvent => ({ type: "STEPS_RECEIVED", at, indexes: [index] });
const steps = (at: number, ...indexes: number[]): TrajectoryEvent => ({ type: "STEPS_RECEIVED", at, indexes });
const completed = (at: number, outcome: "success" | "failure" | "partial" | "aborted" = "success", score = 1) =>
  ({ type: "COMPLETED", at, outcome, score }) as const;
const deadline = (at: number) => ({ type: "DEADLINE_REACHED", at }) as const;

/** Drives a trajectory to `analyzing` through a completion and the grace period. */
function toAnalyzing(h: ReturnType<typeof harness>) {
  h.send(step(0, 100), step(1, 200), completed(1_000));
  return h.send(deadline(1_000 + GRACE));
}

Deno.test("trajectoryMachine starts open with the inactivity deadline from its input", () => {
  const { actor } = harness({ at: 5_000 });
  const s = actor.getSnapshot();
  assert.equal(s.value, "open");
  assert.equal(s.context.trajectoryId, "t-1");
  assert.equal(s.context.partition, 3);
  assert.equal(s.context.openedAt, 5_000);
  assert.equal(s.context.deadline, 5_000 + GAP);
  assert.deepEqual(s.context.steps, []);
  actor.stop();
});

Deno.test("trajectoryMachine orders steps arriving out of order and counts a duplicate index once", () => {
  const { actor, send } = harness();
  const s = send(step(2, 10), step(0, 20), step(2, 30), step(1, 40), step(0, 50));
  assert.equal(s.value, "open");
  assert.deepEqual(s.context.steps, [0, 1, 2]);
  assert.equal(s.context.lateEvents, 0);
  assert.equal(s.context.lastEventAt, 50);
  assert.equal(s.context.deadline, 50 + GAP);
  actor.stop();
});

Deno.test("trajectoryMachine takes a batch of steps in one event, counting repeated indexes once", () => {
  const { actor, send } = harness();
  let s = send(steps(10, 4, 2, 4, 0));
  assert.deepEqual(s.context.steps, [0, 2, 4]);
  s = send(steps(20, 3, 2, 1, 1));
  assert.deepEqual(s.context.steps, [0, 1, 2, 3, 4]);
  assert.equal(s.context.deadline, 20 + GAP);
  s = send(steps(30, 0, 4));
  assert.deepEqual(s.context.steps, [0, 1, 2, 3, 4]);
  assert.equal(s.context.lastEventAt, 30, "repeats still count as activity");
  assert.equal(s.context.lateEvents, 0);
  actor.stop();
});

Deno.test("trajectoryMachine STARTED records task, agent and metadata and moves the inactivity deadline", () => {
  const { actor, send } = harness();
  const s = send({ type: "STARTED", at: 700, task, agent, metadata: { run: 7 } });
  assert.equal(s.value, "open");
  assert.deepEqual(s.context.task, task);
  assert.deepEqual(s.context.agent, agent);
  assert.deepEqual(s.context.metadata, { run: 7 });
  assert.equal(s.context.deadline, 700 + GAP);
  actor.stop();
});

Deno.test("trajectoryMachine COMPLETED closes with a grace deadline and analyzes once the grace is over", () => {
  const h = harness();
  let s = h.send(step(0, 100), { type: "COMPLETED", at: 5_000, outcome: "success", score: 0.75, reason: "done" });
  assert.equal(s.value, "closed");
  assert.equal(s.context.outcome, "success");
  assert.equal(s.context.score, 0.75);
  assert.equal(s.context.reason, "done");
  assert.equal(s.context.closedAt, 5_000);
  assert.equal(s.context.deadline, 5_000 + GRACE);
  assert.equal(h.calls.length, 0);

  s = h.send(deadline(5_000 + GRACE - 1));
  assert.equal(s.value, "closed", "a timer before the grace deadline is ignored");
  assert.equal(h.calls.length, 0);

  s = h.send(deadline(5_000 + GRACE));
  assert.equal(s.value, "analyzing");
  assert.deepEqual(h.calls, ["t-1"]);
  assert.equal(s.context.deadline, null);
  assert.equal(s.context.analysisAttempts, 1);

  s = h.send(deadline(9_000), deadline(10_000));
  assert.equal(s.value, "analyzing");
  assert.equal(h.calls.length, 1, "requestAnalysis runs exactly once");
  h.actor.stop();
});

Deno.test("trajectoryMachine with closeGraceMs 0 analyzes at once on COMPLETED", () => {
  const h = harness({ closeGraceMs: 0 });
  const s = h.send(step(0, 100), completed(200));
  assert.equal(s.value, "analyzing");
  assert.equal(s.context.outcome, "success");
  assert.equal(s.context.deadline, null);
  assert.deepEqual(h.calls, ["t-1"]);
  h.actor.stop();
});

Deno.test("trajectoryMachine counts steps received while closed and counts later ones as late", () => {
  const h = harness();
  let s = h.send(step(0, 100), completed(1_000), step(2, 1_500), step(1, 1_600));
  assert.equal(s.value, "closed");
  assert.deepEqual(s.context.steps, [0, 1, 2]);
  assert.equal(s.context.lateEvents, 0);
  assert.equal(s.context.deadline, 1_000 + GRACE, "a step while closed does not extend the grace");

  s = h.send(deadline(1_000 + GRACE));
  assert.equal(s.value, "analyzing");
  s = h.send(step(3, 4_000), step(1, 4_100), completed(4_200));
  assert.equal(s.value, "analyzing", "a late event does not reopen the trajectory");
  assert.deepEqual(s.context.steps, [0, 1, 2]);
  assert.equal(s.context.lateEvents, 3);
  s = h.send(steps(4_300, 4, 5));
  assert.deepEqual(s.context.steps, [0, 1, 2]);
  assert.equal(s.context.lateEvents, 5, "each step of a late batch counts");
  assert.equal(h.calls.length, 1);
  h.actor.stop();
});

Deno.test("trajectoryMachine aborts with reason timeout when DEADLINE_REACHED comes after the inactivity gap", () => {
  const h = harness();
  let s = h.send(step(0, 1_000));
  s = h.send(deadline(1_000 + GAP));
  assert.equal(s.value, "aborted");
  assert.equal(s.context.outcome, "aborted");
  assert.equal(s.context.reason, "timeout");
  assert.equal(s.context.closedAt, 1_000 + GAP);
  assert.equal(s.context.deadline, null);
  assert.ok(s.hasTag("finished"));
  assert.equal(h.calls.length, 0, "an aborted trajectory is not analyzed");

  s = h.send(step(1, 70_000));
  assert.equal(s.context.lateEvents, 1);
  assert.deepEqual(s.context.steps, [0]);
  h.actor.stop();
});

Deno.test("trajectoryMachine ignores a stale timer whose deadline an event has moved", () => {
  const h = harness();
  let s = h.send(step(0, 30_000));
  assert.equal(s.context.deadline, 30_000 + GAP);
  s = h.send(deadline(GAP));
  assert.equal(s.value, "open");
  assert.equal(s.context.outcome, null);
  s = h.send(deadline(30_000 + GAP - 1));
  assert.equal(s.value, "open");
  s = h.send(deadline(30_000 + GAP));
  assert.equal(s.value, "aborted");
  assert.equal(s.context.reason, "timeout");
  h.actor.stop();
});

Deno.test("trajectoryMachine COMPLETED with outcome aborted goes to aborted without analysis", () => {
  const h = harness();
  const s = h.send(step(0, 100), { type: "COMPLETED", at: 500, outcome: "aborted", reason: "user cancelled" });
  assert.equal(s.value, "aborted");
  assert.equal(s.context.outcome, "aborted");
  assert.equal(s.context.reason, "user cancelled");
  assert.equal(s.context.closedAt, 500);
  assert.equal(s.context.deadline, null);
  assert.equal(h.calls.length, 0);
  h.actor.stop();
});

Deno.test("trajectoryMachine WHOLE_RECEIVED goes to analyzing with all its steps", () => {
  const h = harness();
  const s = h.send({
    type: "WHOLE_RECEIVED",
    at: 900,
    task,
    agent,
    indexes: [3, 1, 0, 2, 1],
    outcome: "failure",
    score: 0,
  });
  assert.equal(s.value, "analyzing");
  assert.deepEqual(s.context.steps, [0, 1, 2, 3]);
  assert.deepEqual(s.context.task, task);
  assert.equal(s.context.outcome, "failure");
  assert.equal(s.context.score, 0);
  assert.equal(s.context.closedAt, 900);
  assert.equal(s.context.deadline, null);
  assert.deepEqual(h.calls, ["t-1"]);
  h.actor.stop();
});

Deno.test("trajectoryMachine WHOLE_RECEIVED with outcome aborted goes to aborted", () => {
  const h = harness();
  const s = h.send({ type: "WHOLE_RECEIVED", at: 900, task, indexes: [0, 1], outcome: "aborted" });
  assert.equal(s.value, "aborted");
  assert.deepEqual(s.context.steps, [0, 1]);
  assert.equal(h.calls.length, 0);
  h.actor.stop();
});

Deno.test("trajectoryMachine ANALYSIS_SUCCEEDED completes with the credit and the analysis", () => {
  const h = harness();
  toAnalyzing(h);
  const credit = [{ index: 1, score: 1 }];
  const s = h.send({ type: "ANALYSIS_SUCCEEDED", at: 4_000, credit, analysis });
  assert.equal(s.value, "completed");
  assert.deepEqual(s.context.credit, credit);
  assert.deepEqual(s.context.analysis, analysis);
  assert.equal(s.context.error, null);
  assert.ok(s.hasTag("finished"));
  h.actor.stop();
});

Deno.test("trajectoryMachine ANALYSIS_FAILED fails, and RETRY_REQUESTED analyzes again", () => {
  const h = harness();
  toAnalyzing(h);
  const error = { code: "E7910", message: "provider down" };
  let s = h.send({ type: "ANALYSIS_FAILED", at: 4_000, error });
  assert.equal(s.value, "failed");
  assert.deepEqual(s.context.error, error);
  assert.ok(s.hasTag("finished"));
  assert.equal(h.calls.length, 1);

  s = h.send({ type: "RETRY_REQUESTED", at: 5_000 });
  assert.equal(s.value, "analyzing");
  assert.equal(s.context.analysisAttempts, 2);
  assert.equal(h.calls.length, 2, "requestAnalysis runs again on retry");

  s = h.send({ type: "RETRY_REQUESTED", at: 5_100 });
  assert.equal(h.calls.length, 2, "a retry while analyzing does nothing");

  s = h.send({ type: "ANALYSIS_SUCCEEDED", at: 6_000, credit: [{ index: 0, score: 1 }], analysis });
  assert.equal(s.value, "completed");
  assert.equal(s.context.error, null, "a success clears the earlier error");
  h.actor.stop();
});

Deno.test("trajectoryMachine EVALUATED annotates in every state and is never late", () => {
  const states: string[] = [];
  const check = (h: ReturnType<typeof harness>, expected: string) => {
    const s = h.send({ type: "EVALUATED", at: 50_000, evaluation });
    assert.equal(s.value, expected);
    assert.deepEqual(s.context.evaluation, evaluation, `annotated in ${expected}`);
    assert.equal(s.context.lateEvents, 0, `not late in ${expected}`);
    states.push(String(s.value));
    h.actor.stop();
  };
  const open = harness();
  check(open, "open");

  const closed = harness();
  closed.send(completed(1_000));
  check(closed, "closed");

  const analyzing = harness();
  toAnalyzing(analyzing);
  check(analyzing, "analyzing");

  const done = harness();
  toAnalyzing(done);
  done.send({ type: "ANALYSIS_SUCCEEDED", at: 4_000, credit: [], analysis });
  check(done, "completed");

  const failed = harness();
  toAnalyzing(failed);
  failed.send({ type: "ANALYSIS_FAILED", at: 4_000, error: { code: "E7910", message: "x" } });
  check(failed, "failed");

  const aborted = harness();
  aborted.send(deadline(GAP));
  check(aborted, "aborted");

  assert.deepEqual(states, ["open", "closed", "analyzing", "completed", "failed", "aborted"]);
});

Deno.test("trajectoryMachine STARTED after COMPLETED fills the task without being late", () => {
  const h = harness();
  let s = h.send(completed(1_000));
  assert.equal(s.context.task, null);
  s = h.send({ type: "STARTED", at: 1_200, task, agent });
  assert.equal(s.value, "closed");
  assert.deepEqual(s.context.task, task);
  assert.deepEqual(s.context.agent, agent);
  assert.equal(s.context.lateEvents, 0);

  s = h.send({ type: "STARTED", at: 1_300, task: { description: "another" } });
  assert.deepEqual(s.context.task, task, "a repeated STARTED does not overwrite the task");
  h.actor.stop();
});

Deno.test("trajectoryMachine continues identically after a JSON round trip of its persisted snapshot", () => {
  const original = harness();
  original.send({ type: "STARTED", at: 10, task, agent }, step(1, 20), step(0, 30));
  const persisted = JSON.parse(JSON.stringify(original.actor.getPersistedSnapshot()));

  const calls: string[] = [];
  const machine = trajectoryMachine.provide({
    actions: { requestAnalysis: ({ context }) => void calls.push(context.trajectoryId) },
  });
  const restored = restore(machine, persisted);
  assert.equal(restored.getSnapshot().value, "open");
  assert.deepEqual(restored.getSnapshot().context, original.actor.getSnapshot().context);

  const rest: TrajectoryEvent[] = [step(3, 40), step(2, 50), completed(60), deadline(59), deadline(60 + GRACE)];
  for (const event of rest) {
    original.actor.send(event);
    restored.send(event);
  }
  const a = original.actor.getSnapshot();
  const b = restored.getSnapshot();
  assert.equal(b.value, "analyzing");
  assert.equal(b.value, a.value);
  assert.deepEqual(b.context, a.context);
  assert.deepEqual(b.context.steps, [0, 1, 2, 3]);
  assert.equal(calls.length, 1);
  original.actor.stop();
  restored.stop();
});

Deno.test("trajectoryMachine rehydrated in analyzing does not run its entry actions again", () => {
  const original = harness();
  toAnalyzing(original);
  assert.equal(original.calls.length, 1);
  const persisted = JSON.parse(JSON.stringify(original.actor.getPersistedSnapshot()));
  original.actor.stop();

  const calls: string[] = [];
  const machine = trajectoryMachine.provide({
    actions: { requestAnalysis: ({ context }) => void calls.push(context.trajectoryId) },
  });
  const restored = restore(machine, persisted);
  let s = restored.getSnapshot();
  assert.equal(s.value, "analyzing");
  assert.equal(s.context.analysisAttempts, 1, "beginAnalysis did not run again");
  assert.equal(calls.length, 0, "requestAnalysis did not run again");

  restored.send({ type: "ANALYSIS_FAILED", at: 5_000, error: { code: "E7910", message: "x" } });
  assert.equal(restored.getSnapshot().value, "failed");
  restored.send({ type: "RETRY_REQUESTED", at: 6_000 });
  s = restored.getSnapshot();
  assert.equal(s.value, "analyzing");
  assert.equal(s.context.analysisAttempts, 2);
  assert.deepEqual(calls, ["t-1"]);
  restored.stop();
});

Deno.test("trajectoryMachine tags exactly the finished states with finished", () => {
  const tagged = (h: ReturnType<typeof harness>) => {
    const finished = h.actor.getSnapshot().hasTag("finished");
    h.actor.stop();
    return finished;
  };
  const open = harness();
  assert.equal(tagged(open), false);
  const closed = harness();
  closed.send(completed(10));
  assert.equal(tagged(closed), false);
  const analyzing = harness();
  toAnalyzing(analyzing);
  assert.equal(tagged(analyzing), false);
  const done = harness();
  toAnalyzing(done);
  done.send({ type: "ANALYSIS_SUCCEEDED", at: 4_000, credit: [], analysis });
  assert.equal(tagged(done), true);
  const failed = harness();
  toAnalyzing(failed);
  failed.send({ type: "ANALYSIS_FAILED", at: 4_000, error: { code: "E7910", message: "x" } });
  assert.equal(tagged(failed), true);
  const aborted = harness();
  aborted.send(completed(10, "aborted"));
  assert.equal(tagged(aborted), true);
});
