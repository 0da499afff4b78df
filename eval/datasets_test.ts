import assert from "node:assert/strict";
import { datasetsOf } from "./datasets.ts";

const event = (id: string, type: string, data: Record<string, unknown>) =>
  JSON.stringify({ specversion: "1.0", id, source: "agent://t", type, data });
const task = { description: "buy a lamp", family: "web-shopping" };
const streamed = (id: string) => [
  event(`${id}-s`, "atlas.trajectory.started", { trajectoryId: id, task }),
  event(`${id}-1`, "atlas.trajectory.step", { trajectoryId: id, index: 0, kind: "action", content: "search[lamp]" }),
  event(`${id}-c`, "atlas.trajectory.completed", { trajectoryId: id, outcome: "success" }),
];
const whole = (id: string) =>
  event(`${id}-w`, "atlas.trajectory", { trajectoryId: id, task, steps: [], outcome: "success" });

Deno.test("datasetsOf() skips a file that repeats another's trajectories, keeping the streamed one whatever the names", () => {
  const { datasets, leftOut } = datasetsOf([
    { file: "shop-whole.events.jsonl", lines: [whole("a"), whole("b")] },
    { file: "shop.events.jsonl", lines: [...streamed("a"), ...streamed("b")] },
  ]);
  assert.deepEqual(datasets.map((d) => [d.name, d.runs.length]), [["shop", 2]]);
  assert.equal(leftOut.length, 1);
  assert.equal(leftOut[0]!.file, "shop-whole.events.jsonl");
  assert.match(leftOut[0]!.reason, /^skipped: all its trajectories repeat shop\.events\.jsonl/);
});

Deno.test("datasetsOf() keeps a file's new trajectories and says how many repeats, open runs and untasked runs it left out", () => {
  const { datasets, leftOut } = datasetsOf([
    { file: "a.events.jsonl", lines: streamed("x") },
    {
      file: "b.events.jsonl",
      lines: [
        ...streamed("x"),
        ...streamed("y"),
        whole("z"),
        event("o", "atlas.trajectory.started", { trajectoryId: "open", task }),
        event("n", "atlas.trajectory.completed", { trajectoryId: "untasked", outcome: "failure" }),
      ],
    },
  ]);
  assert.deepEqual(datasets.map((d) => [d.name, d.runs.map((r) => r.trajectory.id)]), [["a", ["x"]], ["b", [
    "y",
    "z",
  ]]]);
  assert.deepEqual(leftOut.map((l) => [l.file, l.count, l.reason]), [
    ["b.events.jsonl", 1, "trajectories that repeat a.events.jsonl"],
    ["b.events.jsonl", 1, "never ended (no completed event)"],
    ["b.events.jsonl", 1, "no task (no started event)"],
  ]);
});
