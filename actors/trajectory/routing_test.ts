import assert from "node:assert/strict";
import { type AtlasEvent, decodeEvent } from "../../schemas/mod.ts";
import { startsTrajectory, stepsOf, toMachineEvent, trajectoryOf } from "./routing.ts";

const event = (type: string, data: Record<string, unknown>): AtlasEvent => {
  const decoded = decodeEvent({ specversion: "1.0", id: `${type}-1`, source: "test://routing", type, data });
  if (!decoded.ok) throw decoded.error;
  return decoded.event;
};

Deno.test("toMachineEvent() maps each trajectory event to its machine event", () => {
  const task = { description: "find the mug" };
  assert.deepEqual(toMachineEvent(event("atlas.trajectory.started", { trajectoryId: "t", task }), 5), {
    type: "STARTED",
    at: 5,
    task,
    agent: undefined,
    metadata: undefined,
  });
  assert.deepEqual(
    toMachineEvent(event("atlas.trajectory.step", { trajectoryId: "t", index: 3, kind: "action", content: "go" }), 5),
    { type: "STEPS_RECEIVED", at: 5, indexes: [3] },
  );
  assert.deepEqual(toMachineEvent(event("atlas.trajectory.retry", { trajectoryId: "t" }), 7), {
    type: "RETRY_REQUESTED",
    at: 7,
  });
  const whole = event("atlas.trajectory", {
    trajectoryId: "t",
    task,
    outcome: "partial",
    score: 0.5,
    steps: [{ index: 0, kind: "thought", content: "a" }, { index: 2, kind: "action", content: "b" }],
  });
  assert.deepEqual(toMachineEvent(whole, 1), {
    type: "WHOLE_RECEIVED",
    at: 1,
    task,
    agent: undefined,
    metadata: undefined,
    outcome: "partial",
    score: 0.5,
    indexes: [0, 2],
  });
  assert.equal(stepsOf(whole).length, 2);
});

Deno.test("an L06 evaluation annotates the trajectory named by its execution id; L02 and L05 do not route", () => {
  const l06 = event("evaluation.completed", {
    executionId: "t",
    input: "q",
    output: "a",
    quality_score: 80,
    confidence: 0.9,
  });
  assert.equal(trajectoryOf(l06), "t");
  assert.deepEqual(toMachineEvent(l06, 1), {
    type: "EVALUATED",
    at: 1,
    evaluation: { qualityScore: 80, confidence: 0.9, evaluator: "L06" },
  });
  const l02 = event("execution.completed", { trace_id: "x", input: "q", output: "a" });
  assert.equal(trajectoryOf(l02), undefined);
  assert.equal(toMachineEvent(l02, 1), undefined);
});

Deno.test("only trajectory facts start an actor: evaluations and commands need an existing one", () => {
  assert.equal(startsTrajectory(event("atlas.trajectory.completed", { trajectoryId: "t", outcome: "success" })), true);
  assert.equal(startsTrajectory(event("atlas.trajectory.retry", { trajectoryId: "t" })), false);
  assert.equal(
    startsTrajectory(event("atlas.evaluation.completed", { trajectoryId: "t", qualityScore: 5, confidence: 1 })),
    false,
  );
});
