/**
 * A Bradley–Terry reward model: r(x, y) = w · φ(x, y) over hashed text features, and
 * P(chosen ≻ rejected) = σ(r_chosen − r_rejected). Training minimises the mean
 * −log σ(r_chosen − r_rejected) + l2/2 · ‖w‖² by minibatch SGD from w = 0, the pairs
 * shuffled by a seeded generator before each epoch: the same pairs and options give
 * the same weights, bit for bit.
 *
 * Each answer's features are computed once, however many pairs it is in. The L2 shrink
 * of every step is kept as a scale factor, w = scale · v, so a step costs the pair's
 * non-zero features, not the 2^18 weights.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";
import { sigmoid } from "../learning/outcome/logistic.ts";
import { seededRandom } from "../learning/seeded_random.ts";
import type { PreferencePair } from "./preference_pairs.ts";
import { type EpochMetrics, resolveRewardModelOptions, type RewardModelOptions } from "./reward_model_options.ts";
import { dot, type SparseFeatures, textFeatures } from "./text_features.ts";

/** The fewest pairs a reward model is trained on. */
export const minTrainingPairs = 4;

export interface RewardModel {
  /** Size of the feature space the weights live in. */
  dimensions: number;
  weights: Float64Array;
}

export interface TrainedRewardModel {
  model: RewardModel;
  /** One entry per epoch, as passed to `onEpoch`. */
  history: EpochMetrics[];
}

/** The reward of `response` to `prompt`: higher is better; only differences carry meaning. */
export function score(model: RewardModel, prompt: string, response: string): number {
  return dot(model.weights, textFeatures(prompt, response, model.dimensions));
}

/** Share of `pairs` whose chosen answer scores above the rejected; a tie counts half, so a blank model is at 0.5; NaN for no pairs. */
export function pairAccuracy(model: RewardModel, pairs: readonly PreferencePair[]): number {
  if (!pairs.length) return Number.NaN;
  const right = pairs.reduce((total, pair) => {
    const difference = score(model, pair.prompt, pair.chosen) - score(model, pair.rejectedPrompt, pair.rejected);
    return total + (difference > 0 ? 1 : difference === 0 ? 0.5 : 0);
  }, 0);
  return right / pairs.length;
}

/** Fits w to `pairs`; throws E7301 below {@linkcode minTrainingPairs} pairs and E7300 on invalid options. */
export function trainRewardModel(
  pairs: readonly PreferencePair[],
  options: RewardModelOptions = {},
): TrainedRewardModel {
  const { epochs, learningRate, l2, batchSize, seed, dimensions, weightByMargin, onEpoch } = resolveRewardModelOptions(
    options,
  );
  if (pairs.length < minTrainingPairs) {
    throw new AtlasError("E7301", `${pairs.length} preference pairs, a reward model needs ${minTrainingPairs}`);
  }
  const featuresOf = featureCache(dimensions);
  const sides = pairs.map((pair) => ({
    chosen: featuresOf(pair.prompt, pair.chosen),
    rejected: featuresOf(pair.rejectedPrompt, pair.rejected),
  }));
  const meanMargin = pairs.reduce((total, pair) => total + pair.margin, 0) / pairs.length;
  if (weightByMargin && !(meanMargin > 0)) {
    throw new AtlasError("E7300", "weightByMargin needs pairs with margins above 0");
  }
  const weightOf = pairs.map((pair) => weightByMargin ? pair.margin / meanMargin : 1);

  const direction = new Float64Array(dimensions);
  let scale = 1;
  const difference = (i: number) => scale * (dot(direction, sides[i]!.chosen) - dot(direction, sides[i]!.rejected));
  const random = seededRandom(seed);
  const order = Array.from(pairs, (_, i) => i);
  const history: EpochMetrics[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, random);
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      // The gradient of −log σ(d) is −(1 − σ(d)) ∂d: every pair's pull is set before any weight moves.
      const pulls = batch.map((i) => weightOf[i]! * (1 - sigmoid(difference(i))) / batch.length);
      scale *= 1 - learningRate * l2;
      batch.forEach((i, k) => {
        const step = learningRate * pulls[k]! / scale;
        addScaled(direction, sides[i]!.chosen, step);
        addScaled(direction, sides[i]!.rejected, -step);
      });
      // Folded back in before v grows large enough to lose precision.
      if (scale < 1e-6) {
        for (let j = 0; j < dimensions; j++) direction[j]! *= scale;
        scale = 1;
      }
    }
    const metrics = { epoch, ...fitOn(pairs.length, difference, weightOf) };
    history.push(metrics);
    onEpoch?.(metrics);
  }
  // Seven significant digits, a float32's precision: the artifact's JSON is a third shorter, and the
  // model returned is the one an artifact reads back, so the two score every answer alike.
  return { model: { dimensions, weights: direction.map((v) => Number((v * scale).toPrecision(7))) }, history };
}

/** The weighted mean log-loss and the accuracy over all pairs, with the current weights. */
function fitOn(n: number, difference: (i: number) => number, weightOf: readonly number[]) {
  let loss = 0;
  let weight = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const d = difference(i);
    // −log σ(d) = log(1 + e^(−d)), written so that neither branch overflows.
    loss += weightOf[i]! * (d >= 0 ? Math.log1p(Math.exp(-d)) : -d + Math.log1p(Math.exp(d)));
    weight += weightOf[i]!;
    right += d > 0 ? 1 : d === 0 ? 0.5 : 0;
  }
  return { loss: loss / weight, accuracy: right / n };
}

/** φ of each distinct (prompt, answer), computed once. */
function featureCache(dimensions: number) {
  const cache = new Map<string, SparseFeatures>();
  return (prompt: string, response: string) => {
    const key = `${prompt}\u0000${response}`;
    let features = cache.get(key);
    if (!features) cache.set(key, features = textFeatures(prompt, response, dimensions));
    return features;
  };
}

function addScaled(target: Float64Array, features: SparseFeatures, factor: number) {
  for (let k = 0; k < features.indices.length; k++) target[features.indices[k]!]! += factor * features.values[k]!;
}

/** Fisher–Yates in place. */
function shuffle(items: number[], random: () => number) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
