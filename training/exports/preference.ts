/**
 * Preference pairs for reward models and DPO: two answers to the same task in the
 * same split, the better one chosen and the worse one rejected, when the better
 * leads by at least `minMargin` quality points (a smaller gap is mostly the judge's
 * noise, and a pair with the wrong winner teaches the opposite).
 *
 * At most `maxPairsPerTask` pairs per task group, widest margin first (best against
 * worst), because a task with n answers has n(n−1)/2 pairs: one popular task would
 * otherwise outweigh the rest of the dataset and repeat its answers in hundreds of
 * pairs, and the widest gaps are the labels least likely to be wrong. Within a group
 * the order is fixed: margin, then the chosen one's rank, then the rejected one's
 * (rank: score, then id).
 *
 * The prompt is the chosen example's input: examples of one task key ask the same thing.
 *
 * @module
 */
import { z } from "zod";
import type { TrainingExample } from "../example.ts";
import type { Exporter, ExportOptions, ExportRow } from "./exporter.ts";
import { leadsBy, resolveExportOptions } from "./options.ts";
import { byQuality, taskGroups } from "./task_groups.ts";

/** The most pairs one task group gives. */
export const maxPairsPerTask = 16;

const score = z.number().min(0).max(100);

/** One line. */
export const preferenceLine = z.strictObject({
  prompt: z.string().min(1),
  chosen: z.string().min(1),
  rejected: z.string().min(1),
  chosen_score: score,
  rejected_score: score,
  margin: z.number().gt(0),
  domain: z.string(),
  source: z.strictObject({ chosen: z.string().min(1), rejected: z.string().min(1) }),
}).refine((line) => Math.abs(line.chosen_score - line.rejected_score - line.margin) < 1e-6, {
  message: "margin is chosen_score − rejected_score",
  path: ["margin"],
});

export type PreferenceLine = z.infer<typeof preferenceLine>;

/** The pairs of every task group of `rows`. */
export function preferenceLines(
  rows: AsyncIterable<ExportRow>,
  options: ExportOptions,
): AsyncGenerator<PreferenceLine> {
  const { minMargin } = resolveExportOptions(options);
  return (async function* () {
    for await (const group of taskGroups(rows)) {
      for (const [chosen, rejected] of pairs(group, minMargin)) yield line(chosen, rejected);
    }
  })();
}

/**
 * The group's `maxPairsPerTask` widest pairs that lead by `minMargin`. Ranked best
 * first, pair (i, j) is beaten by every pair (i' ≤ i, j' ≥ j), (i + 1)(n − j) − 1 of
 * them, so the widest pairs all have i < cap and j ≥ n − cap: at most cap² candidates,
 * however large the group.
 */
export function pairs(group: readonly TrainingExample[], minMargin: number): [TrainingExample, TrainingExample][] {
  const ranked = group.toSorted(byQuality);
  const n = ranked.length;
  const candidates: { i: number; j: number; margin: number }[] = [];
  for (let i = 0; i < Math.min(maxPairsPerTask, n); i++) {
    for (let j = Math.max(i + 1, n - maxPairsPerTask); j < n; j++) {
      const [better, worse] = [ranked[i]!, ranked[j]!];
      if (!leadsBy(better.qualityScore, worse.qualityScore, minMargin)) continue;
      candidates.push({ i, j, margin: better.qualityScore - worse.qualityScore });
    }
  }
  candidates.sort((a, b) => b.margin - a.margin || a.i - b.i || b.j - a.j);
  return candidates.slice(0, maxPairsPerTask).map(({ i, j }) => [ranked[i]!, ranked[j]!]);
}

function line(chosen: TrainingExample, rejected: TrainingExample): PreferenceLine {
  return {
    prompt: chosen.input,
    chosen: chosen.output,
    rejected: rejected.output,
    chosen_score: chosen.qualityScore,
    rejected_score: rejected.qualityScore,
    // Rounded so that 70.3 − 60.3 reads 10, not 9.999999999999993.
    margin: Math.round((chosen.qualityScore - rejected.qualityScore) * 1e6) / 1e6,
    domain: chosen.domain,
    source: { chosen: chosen.id, rejected: rejected.id },
  };
}

export const preferenceExporter: Exporter = {
  format: "preference",
  description: "Preference pairs (prompt, chosen, rejected) within one task and split, for reward models and DPO",
  line: preferenceLine,
  lines: preferenceLines,
};
