import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { seededRandom } from "../learning/seeded_random.ts";
import { type EpochMetrics } from "./reward_model_options.ts";
import { pairAccuracy, score, trainRewardModel } from "./bradley_terry.ts";
import { type PreferencePair, preferencePairs } from "./preference_pairs.ts";
import { bestPairAccuracy, syntheticExamples } from "./synthetic_examples.ts";
import { splitPairsByTask } from "./task_split.ts";

const flip = 0.1;
const examples = syntheticExamples({ tasks: 400, answersPerTask: 6, flip, seed: 7 });
// At minMargin 40 only good answers pair with bad ones (see synthetic_examples.ts).
const { train, heldOut } = splitPairsByTask(preferencePairs(examples, { minMargin: 40 }), 0.2, 1);

const isCode = (code: string) => (error: unknown) => error instanceof AtlasError && error.code === code;

Deno.test("trainRewardModel() ranks held-out pairs of a learnable signal near the best possible", () => {
  assert.ok(heldOut.length > 400, `${heldOut.length} held-out pairs`);
  const { model } = trainRewardModel(train, { seed: 3 });
  const accuracy = pairAccuracy(model, heldOut);
  // The best possible is 0.90 at flip 0.1; with 400+ pairs one standard error is under 0.015.
  assert.ok(accuracy >= 0.8, `held-out accuracy ${accuracy}`);
  // Far above the best possible (sampling moves it by a few points) would mean the model reads the label.
  assert.ok(accuracy <= bestPairAccuracy(flip) + 0.07, `held-out accuracy ${accuracy}`);
});

Deno.test("trainRewardModel() stays at chance on held-out pairs when the labels are shuffled", () => {
  const random = seededRandom(11);
  const swapped = (pair: PreferencePair): PreferencePair =>
    random() < 0.5 ? pair : {
      ...pair,
      prompt: pair.rejectedPrompt,
      rejectedPrompt: pair.prompt,
      chosen: pair.rejected,
      rejected: pair.chosen,
      chosenId: pair.rejectedId,
      rejectedId: pair.chosenId,
    };
  const { model } = trainRewardModel(train.map(swapped), { seed: 3 });
  const accuracy = pairAccuracy(model, heldOut.map(swapped));
  // Labels independent of the text: each pair is right with probability 1/2, one standard error 0.02.
  assert.ok(accuracy >= 0.35 && accuracy <= 0.65, `held-out accuracy ${accuracy}`);
});

Deno.test("trainRewardModel() reports each epoch's loss, falling, and the same history to onEpoch", () => {
  const seen: EpochMetrics[] = [];
  const { history } = trainRewardModel(train, { seed: 3, epochs: 5, onEpoch: (metrics) => seen.push(metrics) });
  assert.deepEqual(seen, history);
  assert.deepEqual(history.map((entry) => entry.epoch), [1, 2, 3, 4, 5]);
  assert.ok(history[0]!.loss < Math.log(2), "below a blank model's log 2 after one epoch");
  history.slice(1).forEach((entry, i) => assert.ok(entry.loss < history[i]!.loss, `epoch ${entry.epoch}`));
});

Deno.test("trainRewardModel() gives the same weights for the same seed, other weights for another", () => {
  const few = train.slice(0, 200);
  const a = trainRewardModel(few, { seed: 1, epochs: 2, dimensions: 4096 }).model;
  assert.deepEqual(trainRewardModel(few, { seed: 1, epochs: 2, dimensions: 4096 }).model, a);
  assert.notDeepEqual(trainRewardModel(few, { seed: 2, epochs: 2, dimensions: 4096 }).model, a);
});

Deno.test("trainRewardModel() with margin weighting still learns the signal", () => {
  const { model } = trainRewardModel(train, { seed: 3, weightByMargin: true });
  assert.ok(pairAccuracy(model, heldOut) >= 0.8);
});

Deno.test("score() ranks a held-out pair's chosen answer by w · φ", () => {
  const { model } = trainRewardModel(train, { seed: 3, epochs: 3 });
  const right = heldOut.filter((pair) =>
    score(model, pair.prompt, pair.chosen) > score(model, pair.rejectedPrompt, pair.rejected)
  );
  assert.equal(right.length / heldOut.length, pairAccuracy(model, heldOut));
});

Deno.test("pairAccuracy() of a blank model is 0.5: ties count half", () => {
  const blank = { dimensions: 1024, weights: new Float64Array(1024) };
  assert.equal(pairAccuracy(blank, heldOut), 0.5);
});

Deno.test("trainRewardModel() throws E7301 below 4 pairs and E7300 on invalid options", () => {
  assert.throws(() => trainRewardModel(train.slice(0, 3)), isCode("E7301"));
  for (
    const options of [
      { epochs: 0 },
      { learningRate: 0 },
      { l2: -1 },
      { dimensions: 1000 },
      { dimensions: 2 ** 30 },
      { batchSize: 0 },
      { learningRate: 1, l2: 1 },
    ]
  ) {
    assert.throws(() => trainRewardModel(train, options), isCode("E7300"), JSON.stringify(options));
  }
});
