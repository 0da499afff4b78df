/**
 * The outcome model: P(success) of a trajectory from its steps, a logistic regression
 * on hashed step features fitted on the stored trajectories. Counterfactual credit
 * asks it how the prediction moves when a step is taken out.
 *
 * A trajectory counts as a success when its score is at least `successThreshold`
 * (0.5) if it has a score, and when its outcome is `success` if it has none; one with
 * neither outcome nor score is not used. So a WebShop run buying an item that matches
 * most of the request (partial, score 0.67) counts as a success, and a FEVER answer,
 * scored 0 or 1, as its outcome says. The model keeps its threshold, so counterfactual
 * credit reads outcomes the way the model was taught them.
 *
 * The model is plain data: `toJSON()` gives the weights and the feature options,
 * `outcomeModelFrom(json)` restores the same predictions, so the runtime can persist
 * it and refit it on its own schedule.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { StepBody, Task } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { type FeatureOptions, featurize, type ResolvedFeatureOptions, resolveFeatureOptions } from "./features.ts";
import { fitLogistic, type LogisticOptions, type LogisticWeights, probability } from "./logistic.ts";

export interface OutcomeModelOptions extends Omit<LogisticOptions, "dimension"> {
  features?: FeatureOptions;
  /** Fewer labelled trajectories than this and there is no model. @default 20 */
  minTrajectories?: number;
  /** A score at least this is a success. @default 0.5 */
  successThreshold?: number;
}

export interface OutcomeModel {
  /** P(success) of a trajectory with these steps (and this task, whose family it knows). */
  predict(steps: readonly StepBody[], task?: Task | null): number;
  /** How many labelled trajectories it was fitted on. */
  readonly trainedOn: number;
  /** How many of them succeeded. */
  readonly successes: number;
  /** Share of its training trajectories it classifies right at 0.5. */
  readonly trainingAccuracy: number;
  /** The score from which a trajectory counted as a success in training. */
  readonly successThreshold: number;
  toJSON(): OutcomeModelJson;
}

const jsonSchema = z.object({
  type: z.literal("atlas.outcome-model"),
  version: z.literal(1),
  features: z.object({
    bits: z.number().int().min(1).max(24),
    argumentWords: z.number().int().min(0),
    thoughtWords: z.number().int().min(0),
  }),
  bias: z.number(),
  /** Non-zero weights as `[slot, weight]` pairs. */
  weights: z.array(z.tuple([z.number().int().min(0), z.number()])),
  trainedOn: z.number().int().min(0),
  successes: z.number().int().min(0),
  trainingAccuracy: z.number().min(0).max(1),
  successThreshold: z.number().min(0).max(1),
});
export type OutcomeModelJson = z.infer<typeof jsonSchema>;

/** 1 for a success, 0 for not, undefined when the trajectory says neither (see the module comment). */
export function outcomeLabel(trajectory: Trajectory, successThreshold = 0.5): 0 | 1 | undefined {
  if (trajectory.score !== null) return trajectory.score >= successThreshold ? 1 : 0;
  if (trajectory.outcome === null) return undefined;
  return trajectory.outcome === "success" ? 1 : 0;
}

/**
 * Fits the model, or undefined when it cannot say anything yet: fewer than
 * `minTrajectories` labelled trajectories, or all of one class.
 */
export function fitOutcomeModel(
  trajectories: readonly Trajectory[],
  options: OutcomeModelOptions = {},
): OutcomeModel | undefined {
  const features = resolveFeatureOptions(options.features);
  const successThreshold = options.successThreshold ?? 0.5;
  const labelled = trajectories.flatMap((t) => {
    const label = outcomeLabel(t, successThreshold);
    return label === undefined ? [] : [{ t, label }];
  });
  const successes = labelled.filter((l) => l.label === 1).length;
  if (labelled.length < (options.minTrajectories ?? 20) || successes === 0 || successes === labelled.length) {
    return undefined;
  }
  const rows = labelled.map(({ t }) => featurize(t.steps, t.task, features));
  const labels = labelled.map((l) => l.label);
  const weights = fitLogistic(rows, labels, { ...options, dimension: 1 << features.bits });
  const right = rows.filter((row, i) => (probability(weights, row) >= 0.5 ? 1 : 0) === labels[i]).length;
  const trainingAccuracy = right / labelled.length;
  return model(weights, features, { trainedOn: labelled.length, successes, trainingAccuracy, successThreshold });
}

/** Share of the labelled `trajectories` the model classifies right at 0.5 (NaN when none is labelled). */
export function accuracy(outcomeModel: OutcomeModel, trajectories: readonly Trajectory[]): number {
  let right = 0, total = 0;
  for (const t of trajectories) {
    const label = outcomeLabel(t, outcomeModel.successThreshold);
    if (label === undefined) continue;
    total++;
    if ((outcomeModel.predict(t.steps, t.task) >= 0.5 ? 1 : 0) === label) right++;
  }
  return right / total;
}

/** Restores a model from `toJSON()`; throws AtlasError E7999 when the data is not one. */
export function outcomeModelFrom(json: unknown): OutcomeModel {
  const parsed = jsonSchema.safeParse(json);
  if (!parsed.success) {
    throw new AtlasError("E7999", "stored outcome model is malformed", { details: parsed.error.issues });
  }
  const { features, bias, weights: pairs, type: _, version: __, ...stats } = parsed.data;
  const weights = new Float64Array(1 << features.bits);
  for (const [slot, weight] of pairs) {
    if (slot >= weights.length) throw new AtlasError("E7999", `stored outcome model has slot ${slot} beyond its size`);
    weights[slot] = weight;
  }
  return model({ weights, bias }, features, stats);
}

function model(
  weights: LogisticWeights,
  features: ResolvedFeatureOptions,
  stats: Pick<OutcomeModel, "trainedOn" | "successes" | "trainingAccuracy" | "successThreshold">,
): OutcomeModel {
  return {
    ...stats,
    predict: (steps, task) => probability(weights, featurize(steps, task, features)),
    toJSON: () => ({
      type: "atlas.outcome-model",
      version: 1,
      features: { ...features },
      bias: weights.bias,
      weights: [...weights.weights].flatMap((w, slot) => w === 0 ? [] : [[slot, w] as [number, number]]),
      ...stats,
    }),
  };
}
