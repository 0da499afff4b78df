/**
 * L2-regularised logistic regression on sparse vectors, fitted by full-batch gradient
 * descent. Weights start at zero and rows are visited in order, so the same data and
 * options always give the same model: no seed to carry, nothing to persist but weights.
 *
 * @module
 */
import type { SparseVector } from "./features.ts";

export interface LogisticOptions {
  /** Size of the weight vector (the feature space). */
  dimension: number;
  /** Strength of the L2 penalty on the weights (not the bias). @default 0.01 */
  l2?: number;
  /** Passes over the data. @default 500 */
  epochs?: number;
  /** Step size of gradient descent. @default 0.5 */
  learningRate?: number;
}

export interface LogisticWeights {
  weights: Float64Array;
  bias: number;
}

export const sigmoid = (z: number): number => z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** P(label = 1) for one row. */
export function probability(model: LogisticWeights, row: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < row.slots.length; k++) z += model.weights[row.slots[k]!]! * row.values[k]!;
  return sigmoid(z);
}

/** Minimises mean log-loss + l2/2 · ‖w‖² over `rows` with 0/1 `labels`. */
export function fitLogistic(
  rows: readonly SparseVector[],
  labels: readonly number[],
  options: LogisticOptions,
): LogisticWeights {
  const l2 = options.l2 ?? 0.01;
  const epochs = options.epochs ?? 500;
  const rate = options.learningRate ?? 0.5;
  const n = rows.length;
  const positives = labels.reduce((a, b) => a + b, 0);
  // Starting the bias at the base rate's log-odds saves the first epochs from learning it.
  const model: LogisticWeights = {
    weights: new Float64Array(options.dimension),
    bias: Math.log((positives + 0.5) / (n - positives + 0.5)),
  };
  const gradient = new Float64Array(options.dimension);
  for (let epoch = 0; epoch < epochs; epoch++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const error = probability(model, row) - labels[i]!;
      biasGradient += error;
      for (let k = 0; k < row.slots.length; k++) gradient[row.slots[k]!]! += error * row.values[k]!;
    }
    for (let j = 0; j < options.dimension; j++) {
      model.weights[j]! -= rate * (gradient[j]! / n + l2 * model.weights[j]!);
    }
    model.bias -= rate * biasGradient / n;
  }
  return model;
}
