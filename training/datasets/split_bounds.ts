/**
 * Helpers for the split tests: the one-example bounds as the acceptance criterion
 * states them, and a brute-force oracle that says whether any placement of a
 * version's additions could keep both, to tell a planner's miss from an impossibility.
 *
 * @module
 */
import type { StratumLoad } from "./split_plan.ts";

/** |count − ratio·n| < 1, with room for the float error of `ratio·n`. */
export function withinOne(count: number, ratio: number, n: number): boolean {
  return Math.abs(count - ratio * n) < 1 - 1e-9;
}

/** Whether each stratum's cells and the overall counts hold within one example of their shares. */
export function balance(
  cells: readonly (readonly number[])[],
  ratios: readonly number[],
): { strata: boolean; overall: boolean; overallGap: number } {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const totals = ratios.map((_, j) => sum(cells.map((c) => c[j] ?? 0)));
  const n = sum(totals);
  return {
    strata: cells.every((c) => ratios.every((r, j) => withinOne(c[j] ?? 0, r, sum(c)))),
    overall: ratios.every((r, j) => withinOne(totals[j]!, r, n)),
    overallGap: Math.max(...ratios.map((r, j) => Math.abs(totals[j]! - r * n))),
  };
}

/** Tries every way to split each stratum's additions; true when one keeps both bounds. */
export function anyPlanKeepsBounds(strata: readonly StratumLoad[], ratios: readonly number[]): boolean {
  const options = strata.map((s) => {
    const n = s.existing.reduce((a, b) => a + b, 0) + s.additions;
    return compositions(s.additions, ratios.length)
      .map((plan) => plan.map((a, j) => a + (s.existing[j] ?? 0)))
      .filter((cell) => cell.every((c, j) => withinOne(c, ratios[j]!, n)));
  });
  const search = (i: number, chosen: number[][]): boolean => {
    if (i === options.length) return balance(chosen, ratios).overall;
    return options[i]!.some((cell) => search(i + 1, [...chosen, cell]));
  };
  return search(0, []);
}

/** Every way to write `total` as an ordered sum of `parts` non-negative integers. */
function compositions(total: number, parts: number): number[][] {
  if (parts === 1) return [[total]];
  const out: number[][] = [];
  for (let first = 0; first <= total; first++) {
    for (const rest of compositions(total - first, parts - 1)) out.push([first, ...rest]);
  }
  return out;
}
