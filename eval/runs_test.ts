import assert from "node:assert/strict";
import { runsOf } from "./runs.ts";

const event = (id: string, type: string, data: Record<string, unknown>) =>
  JSON.stringify({ specversion: "1.0", id, source: "agent://t", type, data });
const task = { description: "find the flag", family: "ctf", domain: "security" };

Deno.test("runsOf() assembles a streamed trajectory: steps by index, first word wins, raw events kept in order", () => {
  const lines = [
    event("1", "atlas.trajectory.started", { trajectoryId: "a", task }),
    event("3", "atlas.trajectory.step", { trajectoryId: "a", index: 1, kind: "observation", content: "flag.txt" }),
    event("2", "atlas.trajectory.step", { trajectoryId: "a", index: 0, kind: "action", content: "ls" }),
    event("2", "atlas.trajectory.step", { trajectoryId: "a", index: 0, kind: "action", content: "ls" }),
    event("4", "atlas.trajectory.completed", { trajectoryId: "a", outcome: "success", score: 1 }),
    event("5", "atlas.trajectory.completed", { trajectoryId: "a", outcome: "failure" }),
  ];
  const { runs, invalid, unrelated } = runsOf("intercode", lines);
  assert.equal(runs.length, 1);
  const [run] = runs;
  assert.deepEqual(run!.trajectory.steps.map((s) => s.content), ["ls", "flag.txt"]);
  assert.equal(run!.trajectory.outcome, "success");
  assert.equal(run!.family, "ctf");
  assert.equal(run!.dataset, "intercode");
  assert.equal(run!.ended, true);
  assert.equal(run!.events.length, 6);
  assert.deepEqual([invalid, unrelated], [0, 0]);
});

Deno.test("runsOf() reads a whole trajectory with no started event, and counts lines it cannot use", () => {
  const whole = event("w", "atlas.trajectory", {
    trajectoryId: "b",
    task: { description: "buy a lamp", family: "web-shopping" },
    steps: [{ index: 0, kind: "action", content: "search[lamp]" }],
    outcome: "partial",
    score: 0.5,
  });
  const upstream = JSON.stringify({
    specversion: "1.0",
    id: "u",
    source: "l02",
    type: "execution.completed",
    data: { executionId: "x", input: "i", output: "o" },
  });
  const { runs, invalid, unrelated } = runsOf("webshop-whole", [whole, "not json", "{}", upstream, ""]);
  assert.equal(runs[0]!.trajectory.task?.description, "buy a lamp");
  assert.deepEqual([runs[0]!.trajectory.outcome, runs[0]!.trajectory.score, runs[0]!.ended], ["partial", 0.5, true]);
  assert.equal(runs[0]!.trajectory.steps.length, 1);
  assert.deepEqual([invalid, unrelated], [2, 1]);
});

Deno.test("runsOf() leaves a trajectory without a completion open and without a task untasked", () => {
  const { runs } = runsOf("d", [
    event("1", "atlas.trajectory.step", { trajectoryId: "c", index: 0, kind: "action", content: "x" }),
  ]);
  assert.deepEqual([runs[0]!.ended, runs[0]!.trajectory.task, runs[0]!.family], [false, null, null]);
});
