/**
 * Preference pairs for the reward model: two answers to the same task, the one with
 * the higher quality score chosen and the other rejected, when it leads by at least
 * `minMargin` points (a smaller gap is mostly the judge's noise). Equal scores never
 * pair, whatever `minMargin`: they say nothing about which answer is better.
 *
 * The same rules as the preference export (training/exports/preference.ts), with the
 * cap an option: widest margin first, at most `maxPairsPerTask` pairs per task, so one
 * task with many answers cannot outweigh the rest. Tasks come in taskKey order and a
 * task's pairs in the order margin, chosen's rank, rejected's rank (rank: score, then
 * id), so the pairs do not depend on the order of the examples.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import type { TrainingExample } from "../training/example.ts";
import { leadsBy } from "../training/exports/options.ts";
import { byQuality } from "../training/exports/task_groups.ts";

/** A chosen and a rejected answer, and by how many quality points the chosen leads. */
export interface PreferencePair {
  /** The task both answer; for pairs across tasks (family pairs), `domain:<domain>`. */
  taskKey: string;
  /** The chosen answer's input. */
  prompt: string;
  /** The rejected answer's input: the same question within a task, another task's across tasks. */
  rejectedPrompt: string;
  chosen: string;
  rejected: string;
  chosenId: string;
  rejectedId: string;
  /** Chosen's quality score − rejected's, > 0. */
  margin: number;
}

export interface PreferencePairOptions {
  /** The smallest lead, in quality points (0–100), that makes a pair; the edge counts. */
  minMargin: number;
  /** The most pairs one task gives. @default 16 */
  maxPairsPerTask?: number;
}

const optionsSchema = z.strictObject({
  minMargin: z.number().min(0).max(100),
  maxPairsPerTask: z.number().int().min(1).default(16),
});

/** The pairs of every task of `examples`; throws E7300 on invalid options. */
export function preferencePairs(
  examples: readonly TrainingExample[],
  options: PreferencePairOptions,
): PreferencePair[] {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new AtlasError("E7300", `invalid preference-pair options: ${z.prettifyError(parsed.error)}`);
  }
  const { minMargin, maxPairsPerTask } = parsed.data;
  const tasks = Map.groupBy(examples, (example) => example.taskKey);
  return [...tasks.keys()].sort().flatMap((taskKey) =>
    taskPairs(tasks.get(taskKey)!, minMargin, maxPairsPerTask).map(([chosen, rejected]) =>
      preferencePair(taskKey, chosen, rejected)
    )
  );
}

/**
 * The `cap` widest pairs of one task. Ranked best first, pair (i, j) is beaten by every
 * (i' ≤ i, j' ≥ j), so the widest all have i < cap and j ≥ n − cap: at most cap²
 * candidates, however many answers the task has.
 */
function taskPairs(group: readonly TrainingExample[], minMargin: number, cap: number) {
  const ranked = group.toSorted(byQuality);
  const n = ranked.length;
  const candidates: { i: number; j: number; margin: number }[] = [];
  for (let i = 0; i < Math.min(cap, n); i++) {
    for (let j = Math.max(i + 1, n - cap); j < n; j++) {
      const margin = ranked[i]!.qualityScore - ranked[j]!.qualityScore;
      if (margin > 0 && leadsBy(ranked[i]!.qualityScore, ranked[j]!.qualityScore, minMargin)) {
        candidates.push({ i, j, margin });
      }
    }
  }
  candidates.sort((a, b) => b.margin - a.margin || a.i - b.i || b.j - a.j);
  return candidates.slice(0, cap).map(({ i, j }) => [ranked[i]!, ranked[j]!] as const);
}

/** The pair of `chosen` over `rejected`, grouped under `taskKey`. */
export function preferencePair(taskKey: string, chosen: TrainingExample, rejected: TrainingExample): PreferencePair {
  return {
    taskKey,
    prompt: chosen.input,
    rejectedPrompt: rejected.input,
    chosen: chosen.output,
    rejected: rejected.output,
    chosenId: chosen.id,
    rejectedId: rejected.id,
    // Rounded so that 70.3 − 60.3 reads 10, not 9.999999999999993.
    margin: Math.round((chosen.qualityScore - rejected.qualityScore) * 1e6) / 1e6,
  };
}
