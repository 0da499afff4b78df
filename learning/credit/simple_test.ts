import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { lastSuccessfulAction, simpleCredit } from "./simple.ts";

const s = (index: number, kind: StepBody["kind"], extra: Partial<StepBody> = {}): StepBody => ({
  index,
  kind,
  content: `${kind} ${index}`,
  ...extra,
});
const trajectory = (steps: StepBody[]): Trajectory => ({
  id: "t-1",
  task: { description: "d" },
  outcome: "success",
  score: 1,
  steps,
});

Deno.test("simpleCredit gives score 1 to the last successful action", async () => {
  const steps = [
    s(0, "thought"),
    s(1, "action"),
    s(2, "observation"),
    s(3, "thought"),
    s(4, "action"),
    s(5, "observation"),
  ];
  assert.deepEqual(await simpleCredit.attribute(trajectory(steps)), [{ index: 4, score: 1 }]);
  assert.equal(simpleCredit.name, "simple");
});

Deno.test("simpleCredit counts tool calls as actions", async () => {
  const steps = [s(0, "message", { role: "user" }), s(1, "tool_call"), s(2, "tool_result"), s(3, "message")];
  assert.deepEqual(await simpleCredit.attribute(trajectory(steps)), [{ index: 1, score: 1 }]);
});

Deno.test("simpleCredit skips an action answered by an error observation", async () => {
  const steps = [
    s(0, "action"),
    s(1, "observation"),
    s(2, "action"),
    s(3, "observation", { status: "error" }),
  ];
  assert.deepEqual(await simpleCredit.attribute(trajectory(steps)), [{ index: 0, score: 1 }]);
  const withErrorField = [
    s(0, "tool_call"),
    s(1, "tool_result"),
    s(2, "tool_call"),
    s(3, "tool_result", { error: "404" }),
  ];
  assert.equal(lastSuccessfulAction(withErrorField), 0);
});

Deno.test("simpleCredit skips an action whose own status is error", async () => {
  const steps = [
    s(0, "action"),
    s(1, "observation"),
    s(2, "action", { status: "error" }),
    s(3, "observation"),
    s(4, "action", { error: { message: "timeout" } }),
  ];
  assert.deepEqual(await simpleCredit.attribute(trajectory(steps)), [{ index: 0, score: 1 }]);
});

Deno.test("simpleCredit falls back to the last action when every action failed", () => {
  const steps = [s(0, "action", { status: "error" }), s(1, "action"), s(2, "observation", { status: "error" })];
  assert.equal(lastSuccessfulAction(steps), 1);
});

Deno.test("simpleCredit credits the last step when there is no action", async () => {
  const steps = [s(0, "thought"), s(1, "message"), s(7, "thought")];
  assert.deepEqual(await simpleCredit.attribute(trajectory(steps)), [{ index: 7, score: 1 }]);
});

Deno.test("simpleCredit gives nothing for a trajectory without steps", async () => {
  assert.deepEqual(await simpleCredit.attribute(trajectory([])), []);
  assert.equal(lastSuccessfulAction([]), undefined);
});

Deno.test("simpleCredit uses step indexes, not positions, when there are gaps", async () => {
  const steps = [s(2, "action"), s(5, "observation"), s(9, "thought")];
  assert.deepEqual(await simpleCredit.attribute(trajectory(steps)), [{ index: 2, score: 1 }]);
});
