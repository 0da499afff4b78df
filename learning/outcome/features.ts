/**
 * Trajectory features for the outcome model: each step names a few features (its
 * kind, the action's verb and a few argument words, error flags, a position bucket),
 * the trajectory counts them, and the counts are hashed into a fixed-size vector.
 *
 * Features are a sum over steps, so a trajectory without step i is featurised by
 * calling {@linkcode featurize} on the other steps: that is what counterfactual credit
 * ablates. Observation text is reduced to its first two words with digits dropped, on
 * purpose: environments often end with the reward itself ("Episode finished, reward
 * = 1", "Your score ...: 1.0"), and a model reading it would learn the label, not the
 * behaviour.
 *
 * @module
 */
import { fnv1a } from "../fnv1a.ts";
import type { StepBody, Task } from "../../schemas/mod.ts";

/** What the features look at. */
export interface FeatureOptions {
  /** log2 of the vector's size. @default 12 */
  bits?: number;
  /** Words of an action's argument kept as features, crossed with the verb. @default 3 */
  argumentWords?: number;
  /** Words of a thought kept as features. @default 0 */
  thoughtWords?: number;
}

export type ResolvedFeatureOptions = Required<FeatureOptions>;

export function resolveFeatureOptions(options: FeatureOptions = {}): ResolvedFeatureOptions {
  return {
    bits: options.bits ?? 12,
    argumentWords: options.argumentWords ?? 3,
    thoughtWords: options.thoughtWords ?? 0,
  };
}

/** A hashed feature vector: parallel slot and value arrays, slots ascending and distinct. */
export interface SparseVector {
  slots: number[];
  values: number[];
}

const isAction = (step: StepBody) => step.kind === "action" || step.kind === "tool_call";
const failed = (step: StepBody) => step.status === "error" || step.error !== undefined;

/** The verb of an action (`Search`, `click`, a tool's name) and its argument text. */
export function parseAction(step: StepBody): { verb: string; argument: string } {
  const bracketed = /^\s*([A-Za-z_][\w.-]*)\s*\[([\s\S]*)\]\s*$/.exec(step.content);
  if (step.tool) {
    const input = step.tool.input;
    const argument = typeof input === "string"
      ? input
      : input === undefined
      ? (bracketed?.[2] ?? "")
      : JSON.stringify(input);
    return { verb: step.tool.name.toLowerCase(), argument };
  }
  if (bracketed) return { verb: bracketed[1]!.toLowerCase(), argument: bracketed[2]! };
  return { verb: words(step.content)[0] ?? "none", argument: "" };
}

/** Lowercase words of two letters or more; digits split words, so ids and numbers drop out. */
export const words = (text: string): string[] => text.toLowerCase().match(/[a-z]{2,}/g) ?? [];

/** 0, 1, 2–3, 4–7, 8–15, 16+: positions and lengths on a log scale. */
const bucket = (n: number) => Math.min(5, Math.floor(Math.log2(n + 1)));

/** The named features of a trajectory's steps with their counts: readable, before hashing. */
export function featureCounts(
  steps: readonly StepBody[],
  task: Task | null | undefined,
  options: ResolvedFeatureOptions,
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  const actions = steps.filter(isAction);
  const lastAction = actions.at(-1);
  const seen = new Set<string>();
  steps.forEach((step, position) => {
    add(`k:${step.kind}|p:${bucket(position)}`);
    if (failed(step)) add(`err:${step.kind}`);
    if (isAction(step)) {
      const { verb, argument } = parseAction(step);
      add(`v:${verb}`);
      for (const word of words(argument).slice(0, options.argumentWords)) add(`v:${verb}|a:${word}`);
      if (step === lastAction) add(`v:${verb}|last`);
      // Repeating an action is how ReAct agents loop; the repeat, not the first try, is the signal.
      const key = step.content.trim().toLowerCase();
      if (seen.has(key)) add(`v:${verb}|repeat`);
      seen.add(key);
    } else if (step.kind === "observation" || step.kind === "tool_result") {
      add(`o:${words(step.content).slice(0, 2).join(" ")}`);
    } else if (step.kind === "thought") {
      for (const word of words(step.content).slice(0, options.thoughtWords)) add(`t:${word}`);
    }
  });
  add(`n:${bucket(actions.length)}`);
  // Tasks of different families succeed at different rates; this does not change under ablation.
  if (task?.family) add(`f:${task.family}`);
  return counts;
}

/** The hashed vector of a trajectory's steps: log(1 + count) per feature, signed-hashed. */
export function featurize(
  steps: readonly StepBody[],
  task: Task | null | undefined,
  options: ResolvedFeatureOptions,
): SparseVector {
  const mask = (1 << options.bits) - 1;
  const bySlot = new Map<number, number>();
  for (const [name, count] of featureCounts(steps, task, options)) {
    const h = fnv1a(name);
    // A sign from a separate bit makes colliding features cancel on average instead of adding up.
    const sign = h & 0x80000000 ? -1 : 1;
    bySlot.set(h & mask, (bySlot.get(h & mask) ?? 0) + sign * Math.log1p(count));
  }
  const slots = [...bySlot.keys()].sort((a, b) => a - b);
  return { slots, values: slots.map((slot) => bySlot.get(slot)!) };
}
