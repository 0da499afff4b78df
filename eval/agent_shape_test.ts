import assert from "node:assert/strict";
import type { Trajectory } from "../learning/trajectory.ts";
import type { StepBody } from "../schemas/mod.ts";
import { agentShape, datasetShape } from "./agent_shape.ts";
import { readDatasets } from "./datasets.ts";

/** A step without its index (the helper numbers them). */
type Step = Pick<StepBody, "kind" | "content"> & Partial<Pick<StepBody, "role" | "tool" | "code">>;

const trajectory = (steps: Step[]): Trajectory => ({
  id: "t",
  task: { description: "d" },
  outcome: "success",
  score: 1,
  steps: steps.map((s, index) => ({ ...s, index })),
});

Deno.test("agentShape() tells a text-action agent that browses (web navigation) from one that looks things up", () => {
  const shop = trajectory([{ kind: "action", content: "search[lamp]" }, { kind: "action", content: "click[B0123]" }]);
  const react = trajectory([{ kind: "thought", content: "I should search." }, {
    kind: "action",
    content: "Search[X]",
  }]);
  assert.equal(agentShape(shop), "web-navigation");
  assert.equal(agentShape(react), "text-actions");
});

Deno.test("datasetShape() takes the commonest shape and keeps the counts", () => {
  const click = trajectory([{ kind: "action", content: "click[Buy Now]" }]);
  const look = trajectory([{ kind: "action", content: "Lookup[founded]" }]);
  assert.deepEqual(datasetShape([click, look, click]), {
    shape: "web-navigation",
    counts: [["web-navigation", 2], ["text-actions", 1]],
  });
  assert.equal(datasetShape([]).shape, "text-actions");
});

Deno.test("agentShape() tells the five shapes of the real runs apart from their steps alone", async () => {
  const { datasets } = await readDatasets(new URL("../../shared/data/events", import.meta.url).pathname);
  const shapes = Object.fromEntries(datasets.map((d) => {
    const { shape, counts } = datasetShape(d.runs.map((r) => r.trajectory));
    return [d.name, { shape, share: (counts.find(([s]) => s === shape)?.[1] ?? 0) / d.runs.length }];
  }));
  assert.deepEqual(Object.fromEntries(Object.entries(shapes).map(([name, s]) => [name, s.shape])), {
    fever: "text-actions",
    intercode: "shell",
    tau2: "tool-calling",
    voyager: "code",
    webshop: "web-navigation",
  });
  for (const [name, s] of Object.entries(shapes)) assert.ok(s.share >= 0.95, `${name}: ${s.share}`);
});
