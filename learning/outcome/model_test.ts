import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { accuracy, fitOutcomeModel, outcomeLabel, outcomeModelFrom } from "./model.ts";
import { seededRandom } from "../seeded_random.ts";

const topics = [
  "Paramore",
  "Tennessee",
  "Franklin",
  "Hayley",
  "Riot",
  "Brand",
  "Eyes",
  "Misery",
  "Decode",
  "Ignorance",
];

/** Shopping runs that succeed exactly when the agent clicks `Buy Now`, among searches and other clicks. */
function toySet(n: number, seed: number): Trajectory[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const actions = Array.from(
      { length: 2 + Math.floor(rand() * 4) },
      () => rand() < 0.5 ? `search[${pick(topics)} ${pick(topics)}]` : `click[${pick(topics)}]`,
    );
    const bought = rand() < 0.5;
    if (bought) actions.push("click[Buy Now]");
    const steps = actions.flatMap((content, k): StepBody[] => [
      { index: 2 * k, kind: "action", content },
      { index: 2 * k + 1, kind: "observation", content: "page" },
    ]);
    return {
      id: `toy-${i}`,
      task: { description: "buy" },
      outcome: bought ? "success" : "failure",
      score: null,
      steps,
    };
  });
}

Deno.test("fitOutcomeModel learns a separable set and predicts unseen trajectories", () => {
  const model = fitOutcomeModel(toySet(80, 1))!;
  assert.equal(model.trainedOn, 80);
  assert.equal(model.trainingAccuracy, 1);
  assert.equal(accuracy(model, toySet(40, 2)), 1);
  const buy: StepBody = { index: 0, kind: "action", content: "click[Buy Now]" };
  assert.ok(model.predict([buy]) > 0.8);
  assert.ok(model.predict([{ ...buy, content: "search[Paramore]" }]) < 0.2);
});

Deno.test("an outcome model survives JSON and gives the same predictions", () => {
  const model = fitOutcomeModel(toySet(60, 3))!;
  const restored = outcomeModelFrom(JSON.parse(JSON.stringify(model)));
  assert.deepEqual(restored.toJSON(), model.toJSON());
  for (const t of toySet(20, 4)) assert.equal(restored.predict(t.steps, t.task), model.predict(t.steps, t.task));
  assert.equal(restored.trainedOn, 60);
  assert.equal(restored.trainingAccuracy, model.trainingAccuracy);
  assert.equal(restored.successThreshold, 0.5);
});

Deno.test("fitting is deterministic", () => {
  assert.deepEqual(fitOutcomeModel(toySet(50, 5))!.toJSON(), fitOutcomeModel(toySet(50, 5))!.toJSON());
});

Deno.test("fitOutcomeModel gives no model for too few trajectories or one class", () => {
  assert.equal(fitOutcomeModel(toySet(10, 6)), undefined);
  assert.ok(fitOutcomeModel(toySet(10, 6), { minTrajectories: 5 }));
  const allSucceed = toySet(40, 7).map((t) => ({ ...t, outcome: "success" as const }));
  assert.equal(fitOutcomeModel(allSucceed), undefined);
  const unlabelled = toySet(40, 8).map((t) => ({ ...t, outcome: null }));
  assert.equal(fitOutcomeModel(unlabelled), undefined);
});

Deno.test("outcomeLabel reads the score when there is one, the outcome when not", () => {
  const t = (outcome: Trajectory["outcome"], score: number | null): Trajectory => ({
    id: "t",
    task: null,
    outcome,
    score,
    steps: [],
  });
  assert.equal(outcomeLabel(t("partial", 0.67)), 1);
  assert.equal(outcomeLabel(t("partial", 0.33)), 0);
  assert.equal(outcomeLabel(t("success", 0.5)), 1);
  assert.equal(outcomeLabel(t("success", null)), 1);
  assert.equal(outcomeLabel(t("aborted", null)), 0);
  assert.equal(outcomeLabel(t(null, null)), undefined);
  assert.equal(outcomeLabel(t("partial", 0.67), 0.75), 0);
});

Deno.test("outcomeModelFrom rejects data that is not a model with E7999", () => {
  const json = fitOutcomeModel(toySet(40, 9))!.toJSON();
  for (const bad of [null, { ...json, version: 2 }, { ...json, weights: [[1 << 20, 1]] }]) {
    assert.throws(() => outcomeModelFrom(bad), (e: unknown) => e instanceof AtlasError && e.code === "E7999");
  }
});
