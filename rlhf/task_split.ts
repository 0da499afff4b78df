/**
 * Held-out splits by whole task: a task's answers all land on one side, so the
 * held-out accuracy measures answers to tasks the model never saw, not answers it
 * saw in other pairs.
 *
 * The tasks are ranked by FNV-1a of `seed` and the task key, and the first
 * round(fraction · tasks) are held out (at least one when the fraction is above 0
 * and there are two tasks or more): the same seed gives the same split on every run,
 * and a task keeps its side whatever other tasks come and go, unless the count moves
 * the cut.
 *
 * @module
 */
import type { TrainingExample } from "../training/example.ts";
import { fnv1a } from "../learning/fnv1a.ts";
import type { PreferencePair } from "./preference_pairs.ts";

/** Two sides of a split. */
export interface Split<T> {
  train: T[];
  heldOut: T[];
}

/** The task keys held out of `taskKeys` (duplicates count once). */
export function heldOutTasks(taskKeys: Iterable<string>, heldOutFraction: number, seed: number): Set<string> {
  const tasks = [...new Set(taskKeys)];
  const rank = new Map(tasks.map((task) => [task, fnv1a(`${seed}\u0000${task}`)]));
  // Ties of the 32-bit hash are broken by the key, so the order never depends on input order.
  tasks.sort((a, b) => rank.get(a)! - rank.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const wanted = Math.round(heldOutFraction * tasks.length);
  const count = heldOutFraction > 0 && tasks.length >= 2 ? Math.min(tasks.length - 1, Math.max(1, wanted)) : wanted;
  return new Set(tasks.slice(0, count));
}

/** Pairs split by their task key; no task is on both sides. */
export function splitPairsByTask(
  pairs: readonly PreferencePair[],
  heldOutFraction: number,
  seed: number,
): Split<PreferencePair> {
  return splitBy(pairs, (pair) => pair.taskKey, heldOutFraction, seed);
}

/** Examples split by their task key, for pairs made afterwards within each side (family pairs). */
export function splitExamplesByTask(
  examples: readonly TrainingExample[],
  heldOutFraction: number,
  seed: number,
): Split<TrainingExample> {
  return splitBy(examples, (example) => example.taskKey, heldOutFraction, seed);
}

function splitBy<T>(items: readonly T[], taskOf: (item: T) => string, fraction: number, seed: number): Split<T> {
  const heldOut = heldOutTasks(items.map(taskOf), fraction, seed);
  return {
    train: items.filter((item) => !heldOut.has(taskOf(item))),
    heldOut: items.filter((item) => heldOut.has(taskOf(item))),
  };
}
