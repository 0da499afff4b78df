/**
 * `analyze`: turns a closed trajectory into its credit and analysis, with the
 * configured credit strategy.
 *
 * @module
 */
import type { Analysis, Credit } from "../schemas/mod.ts";
import type { CreditStrategy } from "./credit/strategy.ts";
import type { Trajectory } from "./trajectory.ts";

export interface AnalysisResult {
  credit: Credit[];
  analysis: Analysis;
}

export async function analyze(trajectory: Trajectory, strategy: CreditStrategy): Promise<AnalysisResult> {
  const credit = await strategy.attribute(trajectory);
  const keySteps = [...credit].sort((a, b) => b.score - a.score).filter((c) => c.score > 0).map((c) => c.index);
  const byIndex = new Map(trajectory.steps.map((s) => [s.index, s]));
  const described = keySteps.slice(0, 3).map((i) => `step ${i} (${excerpt(byIndex.get(i)?.content ?? "")})`);
  const summary = `${trajectory.outcome ?? "unknown"} after ${trajectory.steps.length} steps` +
    (described.length ? `; credit to ${described.join(", ")}` : "; no step earned credit");
  return { credit, analysis: { strategy: strategy.name, keySteps, summary } };
}

const excerpt = (text: string) => {
  const line = text.trim().replace(/\s+/g, " ");
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
};
