import assert from "node:assert/strict";
import type { StepBody } from "../schemas/mod.ts";
import { RecentTrajectories } from "./recent_trajectories.ts";
import type { StepWrite, TrajectoryWrite } from "./trajectories.ts";

const written = (id: string, state = "open", partition = 0): TrajectoryWrite => ({
  id,
  state,
  outcome: null,
  family: null,
  stepCount: 0,
  lateEvents: 0,
  partition,
  deadline: null,
  snapshot: { value: state, context: { task: { description: `task ${id}` }, outcome: null, score: null } },
});

const step = (trajectoryId: string, index: number, content = "x".repeat(90)): StepWrite => {
  const body: StepBody = { index, kind: "action", content };
  return { trajectoryId, step: body, body: JSON.stringify(body), source: "s", id: `${trajectoryId}/${index}` };
};

Deno.test("RecentTrajectories keeps only trajectories started here, with their steps in index order", () => {
  const recent = new RecentTrajectories(1 << 20);
  recent.committed({
    started: new Set(["a"]),
    steps: [step("a", 1), step("a", 0), step("b", 0)],
    trajectories: [written("a"), written("b")],
  });
  recent.committed({
    started: new Set(),
    steps: [step("a", 1, "replaced")],
    trajectories: [written("a", "analyzing")],
  });
  const { found, missing } = recent.take(["a", "b"]);
  assert.deepEqual(missing, ["b"], "b was rehydrated, not started here: the store has steps this process never saw");
  assert.deepEqual(found.get("a")!.steps.map((s) => [s.index, s.content]), [[0, "x".repeat(90)], [1, "replaced"]]);
  assert.deepEqual(found.get("a")!.task, { description: "task a" });
  assert.deepEqual(recent.take(["a"]).missing, ["a"], "taken once: a retry reads the store");
});

Deno.test("RecentTrajectories drops the oldest past its byte budget, and never keeps a dropped one again", () => {
  const bytes = JSON.stringify(step("a", 0).step).length;
  const recent = new RecentTrajectories(bytes * 2);
  recent.committed({
    started: new Set(["a", "b"]),
    steps: [step("a", 0), step("b", 0)],
    trajectories: [written("a"), written("b")],
  });
  recent.committed({ started: new Set(["c"]), steps: [step("c", 0)], trajectories: [written("c")] });
  assert.deepEqual(recent.size, { trajectories: 2, bytes: bytes * 2 });
  recent.committed({ started: new Set(), steps: [step("a", 1)], trajectories: [written("a")] });
  const { found, missing } = recent.take(["a", "b", "c"]);
  assert.deepEqual(missing, ["a"], "a lost its first step with it: partial, so it is read back");
  assert.deepEqual([...found.keys()], ["b", "c"]);
  assert.deepEqual(recent.size, { trajectories: 0, bytes: 0 });
});

Deno.test("RecentTrajectories forgets finished trajectories and those of revoked partitions", () => {
  const recent = new RecentTrajectories(1 << 20);
  const all = [written("a", "open", 0), written("b", "open", 1), written("c", "open", 1)];
  recent.committed({ started: new Set(["a", "b", "c"]), steps: [step("a", 0), step("b", 0)], trajectories: all });
  recent.drop("a");
  recent.forget(new Set([1]));
  assert.deepEqual(recent.size, { trajectories: 0, bytes: 0 });
  recent.committed({ started: new Set(["d"]), steps: [step("d", 0)], trajectories: [written("d")] });
  recent.forget();
  assert.deepEqual(recent.take(["d"]).missing, ["d"]);
});
