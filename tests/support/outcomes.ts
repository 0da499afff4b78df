/**
 * Checks a store against what the real datasets must end up as.
 *
 * @module
 */
import type { Trajectories } from "../../store/trajectories.ts";
import type { Expected } from "./datasets.ts";

/** Every way the stored trajectories differ from `expected`; empty when they match. */
export async function mismatches(trajectories: Trajectories, expected: Record<string, Expected>): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, want] of Object.entries(expected)) {
    const row = await trajectories.get(id);
    if (!row) {
      problems.push(`${id}: missing`);
      continue;
    }
    const context = row.snapshot.context as { outcome: string; task: { family?: string; description: string } | null };
    // The expected files cut descriptions at 500 characters.
    const description = context.task?.description.slice(0, want.description.length);
    const got = {
      state: row.state,
      steps: row.stepCount,
      outcome: context.outcome,
      family: context.task?.family,
      description,
    };
    const wanted = { state: "completed", ...want };
    for (const key of Object.keys(wanted) as (keyof typeof wanted)[]) {
      if (got[key] !== wanted[key]) problems.push(`${id}: ${key} ${got[key]} ≠ ${wanted[key]}`);
    }
  }
  return problems;
}

/** How many trajectories of `expected` are completed. */
export async function completedCount(trajectories: Trajectories): Promise<number> {
  return (await trajectories.counts()).byState.completed ?? 0;
}
