/**
 * A reward model, small but real: a linear score r(y) = w·φ(y) + bias over the
 * response's hashed words and word pairs, trained on preference pairs by minibatch
 * SGD on the Bradley–Terry loss −log σ(r(chosen) − r(rejected)).
 *
 * It writes `reward_model.json`, the file PPO jobs of this trainer read:
 * `{"format":"tiny-trainer-reward/1","dimensions":16384,"weights":{"index":[…],"value":[…]},"bias":0}`.
 *
 * @module
 */
import { addScaled, dot, random, shuffled, type Sparse, textFeatures, toJson } from "./features.ts";
import { readJsonl, type Run } from "./run.ts";

/** Response slots of the reward model and the PPO policy. */
export const rewardDimensions = 16384;

/** A preference line's three texts. */
export interface Pair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** Reads a preference export. */
export async function readPairs(path: string, format: string): Promise<Pair[]> {
  if (format !== "preference") throw new Error(`reward and ppo jobs read the preference format, not ${format}`);
  return (await readJsonl(path)).map((l) => ({
    prompt: `${l.prompt}`,
    chosen: `${l.chosen}`,
    rejected: `${l.rejected}`,
  }));
}

/** A reward model file as a function of a response. */
export async function loadRewardModel(path: string): Promise<(response: string) => number> {
  const model = JSON.parse(await Deno.readTextFile(path));
  if (model.format !== "tiny-trainer-reward/1") throw new Error(`${path} is not a tiny-trainer reward model`);
  const weights: Sparse = new Map(model.weights.index.map((slot: number, i: number) => [slot, model.weights.value[i]]));
  return (response) => dot(weights, textFeatures(response, model.dimensions)) + model.bias;
}

/** Trains on `train`, reports val loss and accuracy each epoch, writes `reward_model.json`. */
export async function trainReward(run: Run, train: Pair[], val: Pair[], test: Pair[]): Promise<void> {
  const { learningRate, batchSize, epochs, seed } = run.config.config;
  const encode = (pairs: Pair[]) =>
    pairs.map((p) => ({
      chosen: textFeatures(p.chosen, rewardDimensions),
      rejected: textFeatures(p.rejected, rewardDimensions),
    }));
  const [trainSet, valSet, testSet] = [encode(train), encode(val), encode(test)];
  const weights: Sparse = new Map();
  const rand = random(seed);
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffled(trainSet, rand);
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const before = evaluate(weights, batch);
      // d/dw −log σ(d) = −σ(−d) · (φ(chosen) − φ(rejected)), d = r(chosen) − r(rejected);
      // every pull is computed before any is applied: one step on the batch's mean gradient.
      const pulls = batch.map((pair) => sigmoid(-(dot(weights, pair.chosen) - dot(weights, pair.rejected))));
      batch.forEach((pair, i) => {
        addScaled(weights, pair.chosen, learningRate * pulls[i]! / batch.length);
        addScaled(weights, pair.rejected, -learningRate * pulls[i]! / batch.length);
      });
      await run.stepDone(++step, epoch, { loss: before.loss, accuracy: before.accuracy });
    }
    if (valSet.length > 0) {
      const { loss, accuracy } = evaluate(weights, valSet);
      run.report({ epoch, val_loss: loss, val_accuracy: accuracy });
    }
  }
  await run.writeArtifact("reward_model.json", {
    format: "tiny-trainer-reward/1",
    dimensions: rewardDimensions,
    weights: toJson(weights),
    bias: 0,
  });
  const final = evaluate(weights, trainSet);
  const metrics: Record<string, number> = { train_loss: final.loss, train_accuracy: final.accuracy, steps: step };
  for (const [name, set] of [["val", valSet], ["test", testSet]] as const) {
    if (set.length === 0) continue;
    const { loss, accuracy } = evaluate(weights, set);
    [metrics[`${name}_loss`], metrics[`${name}_accuracy`]] = [loss, accuracy];
  }
  run.done(metrics);
}

/** Mean Bradley–Terry loss, and the share of pairs whose chosen response scores higher. */
function evaluate(weights: Sparse, pairs: { chosen: Sparse; rejected: Sparse }[]) {
  let [loss, right] = [0, 0];
  for (const pair of pairs) {
    const margin = dot(weights, pair.chosen) - dot(weights, pair.rejected);
    loss += Math.log1p(Math.exp(-margin));
    if (margin > 0) right++;
  }
  return { loss: loss / pairs.length, accuracy: right / pairs.length };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
