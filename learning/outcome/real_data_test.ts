/**
 * The outcome model on the real ReAct runs (FEVER and WebShop, 500 each), built from
 * their event streams as the runtime would see them. Skipped when the data is absent.
 */
import assert from "node:assert/strict";
import type { Outcome, StepBody, Task } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { accuracy, fitOutcomeModel, outcomeLabel } from "./model.ts";

const dir = "/work/shared/data/events";
const files = ["fever.events.jsonl", "webshop.events.jsonl"];
const present = files.every((file) => {
  try {
    return Deno.statSync(`${dir}/${file}`).isFile;
  } catch {
    return false;
  }
});

/** Trajectories from started, step and completed events; a step delivered twice counts once. */
function trajectories(text: string): Trajectory[] {
  const byId = new Map<
    string,
    { task: Task | null; steps: Map<number, StepBody>; outcome: Outcome | null; score: number | null }
  >();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const { type, data } = JSON.parse(line);
    const t = byId.get(data.trajectoryId) ?? { task: null, steps: new Map(), outcome: null, score: null };
    byId.set(data.trajectoryId, t);
    if (type === "atlas.trajectory.started") t.task = data.task;
    if (type === "atlas.trajectory.completed") [t.outcome, t.score] = [data.outcome, data.score ?? null];
    if (type === "atlas.trajectory.step") {
      const { trajectoryId: _, ...step } = data;
      t.steps.set(step.index, step);
    }
  }
  return [...byId].map(([id, t]) => ({
    id,
    task: t.task,
    outcome: t.outcome,
    score: t.score,
    steps: [...t.steps.values()].sort((a, b) => a.index - b.index),
  }));
}

/** One in five trajectories held out, chosen by a hash of the id so the split never changes. */
const heldOut = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % 5 === 0;

Deno.test({
  name: "the outcome model beats the majority class on held-out FEVER and WebShop runs",
  ignore: !present,
  fn: async () => {
    const all = (await Promise.all(files.map((f) => Deno.readTextFile(`${dir}/${f}`)))).flatMap(trajectories);
    assert.equal(all.length, 1000);
    const train = all.filter((t) => !heldOut(t.id));
    const test = all.filter((t) => heldOut(t.id));
    const model = fitOutcomeModel(train)!;
    const baseline = majorityAccuracy(train, test);
    const heldOutAccuracy = accuracy(model, test);
    const byFamily = ["fact-verification", "web-shopping"].map((family) => {
      const [own, ownTrain] = [test, train].map((ts) => ts.filter((t) => t.task?.family === family)) as [
        Trajectory[],
        Trajectory[],
      ];
      return `${family} ${pct(accuracy(model, own))} vs ${pct(majorityAccuracy(ownTrain, own))} (n=${own.length})`;
    });
    console.log(
      `outcome model: trained on ${model.trainedOn}, training ${pct(model.trainingAccuracy)}, ` +
        `held out ${pct(heldOutAccuracy)} (n=${test.length}; majority class ${pct(baseline)}); ${byFamily.join(", ")}`,
    );
    assert.ok(heldOutAccuracy >= baseline + 0.03, `held out ${heldOutAccuracy} vs majority ${baseline}`);
    assert.ok(model.trainingAccuracy >= heldOutAccuracy - 0.05);
  },
});

/** Accuracy on `test` of always answering the class most common in `train`. */
function majorityAccuracy(train: Trajectory[], test: Trajectory[]): number {
  const majority = train.filter((t) => outcomeLabel(t) === 1).length * 2 >= train.length ? 1 : 0;
  return test.filter((t) => outcomeLabel(t) === majority).length / test.length;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
