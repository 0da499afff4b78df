import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { score, trainRewardModel } from "./bradley_terry.ts";
import { preferencePairs } from "./preference_pairs.ts";
import {
  loadRewardModel,
  parseRewardModelArtifact,
  rewardModelArtifact,
  type RewardModelTraining,
} from "./reward_model_artifact.ts";
import { syntheticExamples } from "./synthetic_examples.ts";

const examples = syntheticExamples({ tasks: 60, answersPerTask: 4, flip: 0.1, seed: 5 });
const pairs = preferencePairs(examples, { minMargin: 40 });
const { model } = trainRewardModel(pairs, { seed: 1, epochs: 3, dimensions: 2 ** 12 });
const training: RewardModelTraining = {
  pairing: "task",
  minMargin: 40,
  heldOutFraction: 0.2,
  trainPairs: pairs.length,
  heldOutPairs: 10,
  trainAccuracy: 0.9,
  heldOutAccuracy: 0.85,
  finalLoss: 0.3,
  lossByEpoch: [0.5, 0.4, 0.3],
  epochs: 3,
  learningRate: 0.5,
  l2: 1e-4,
  batchSize: 16,
  seed: 1,
};
const artifact = rewardModelArtifact(model, training);
const isE7302 = (error: unknown) => error instanceof AtlasError && error.code === "E7302";

Deno.test("rewardModelArtifact() keeps only the non-zero weights, ascending", () => {
  const nonZero = model.weights.filter((weight) => weight !== 0).length;
  assert.ok(nonZero > 0);
  assert.equal(artifact.weights.indices.length, nonZero);
  assert.equal(artifact.features.dimensions, 2 ** 12);
  assert.deepEqual(artifact.training, training);
});

Deno.test("an artifact read back from its JSON scores every answer exactly as the model written", () => {
  const loaded = loadRewardModel(JSON.stringify(artifact));
  assert.deepEqual(loaded, model);
  for (const example of examples) {
    assert.equal(score(loaded, example.input, example.output), score(model, example.input, example.output));
  }
  assert.deepEqual(parseRewardModelArtifact(JSON.parse(JSON.stringify(artifact))), artifact);
});

Deno.test("parseRewardModelArtifact() throws E7302 on a malformed artifact", () => {
  const { indices, values } = artifact.weights;
  const malformed: unknown[] = [
    "{not json",
    null,
    {},
    { ...artifact, format: "something-else" },
    { ...artifact, features: { ...artifact.features, version: 999 } },
    { ...artifact, features: { ...artifact.features, dimensions: 1000 } },
    { ...artifact, weights: { indices, values: values.slice(1) } },
    { ...artifact, weights: { indices: indices.toReversed(), values } },
    { ...artifact, weights: { indices: [...indices.slice(0, -1), 2 ** 12], values } },
    { ...artifact, weights: { indices, values: values.map(String) } },
    { ...artifact, training: { ...training, heldOutAccuracy: 1.5 } },
    { ...artifact, extra: true },
  ];
  for (const input of malformed) assert.throws(() => parseRewardModelArtifact(input), isE7302);
  assert.throws(() => loadRewardModel({ ...artifact, model: "mlp" }), isE7302);
});
