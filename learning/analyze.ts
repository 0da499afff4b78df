/**
 * `analyze`: a closed trajectory's credit (with the configured strategy), its key
 * steps, a one-line summary and the errors it met.
 *
 * @module
 */
import type { Analysis, Credit } from "../schemas/mod.ts";
import { attributeWithReasons, type CreditStrategy } from "./credit/strategy.ts";
import { errorSignals } from "./errors/detect.ts";
import { excerpt } from "./plan/mod.ts";
import type { Trajectory } from "./trajectory.ts";

export interface AnalysisResult {
  credit: Credit[];
  analysis: Analysis;
}

export async function analyze(trajectory: Trajectory, strategy: CreditStrategy): Promise<AnalysisResult> {
  const { credit, reasons, fallback } = await attributeWithReasons(strategy, trajectory);
  const keySteps = [...credit].sort((a, b) => b.score - a.score).filter((c) => c.score > 0).map((c) => c.index);
  const byIndex = new Map(trajectory.steps.map((s) => [s.index, s]));
  const described = keySteps.slice(0, 3).map((i) => `step ${i} (${excerpt(byIndex.get(i)?.content ?? "", 60)})`);
  const errors = errorSignals(trajectory).map(({ index, text, template }) => ({ index, text, template }));
  const summary = `${trajectory.outcome ?? "unknown"} after ${trajectory.steps.length} steps` +
    (described.length ? `; credit to ${described.join(", ")}` : "; no step earned credit") +
    (errors.length ? `; ${errors.length} error${errors.length === 1 ? "" : "s"} met` : "");
  return {
    credit,
    analysis: {
      strategy: strategy.name,
      keySteps,
      summary,
      ...(reasons.length && { reasons }),
      ...(fallback && { fallback }),
      ...(errors.length && { errors }),
    },
  };
}
