/**
 * The SOAR format of the hindsight learner (`learning/hindsight.ts`), made from a
 * dataset's examples instead of trajectories:
 *
 * - every example gives a `sampling` line: its input → its output;
 * - within one task group, every example the group's best leads by at least
 *   `minMargin` gives a `refinement` line: the task and that attempt, with its
 *   score → the best example's output.
 *
 * There are no `error` lines: an example carries a score, not a diagnosis of what
 * went wrong. The task is the best example's input, as it is (examples of one task
 * key ask the same thing, and the sampling lines use the inputs unchanged too).
 * A group's sampling lines come first, in row order, then its refinements.
 *
 * @module
 */
import { z } from "zod";
import { soarWeights } from "../../learning/hindsight.ts";
import type { TrainingExample } from "../example.ts";
import type { Exporter, ExportOptions, ExportRow } from "./exporter.ts";
import { leadsBy, resolveExportOptions } from "./options.ts";
import { byQuality, taskGroups } from "./task_groups.ts";

const samplingLine = z.strictObject({
  kind: z.literal("sampling"),
  weight: z.literal(soarWeights.sampling),
  domain: z.string(),
  input: z.string().min(1),
  output: z.string().min(1),
  source: z.strictObject({ exampleId: z.string().min(1) }),
});

const refinementLine = z.strictObject({
  kind: z.literal("refinement"),
  weight: z.literal(soarWeights.refinement),
  domain: z.string(),
  input: z.string().min(1),
  output: z.string().min(1),
  /** `exampleId` is the best example's (the output's), `attemptId` the weaker one's. */
  source: z.strictObject({ exampleId: z.string().min(1), attemptId: z.string().min(1) }),
});

/** One line. */
export const soarLine = z.discriminatedUnion("kind", [samplingLine, refinementLine]);

export type SoarLine = z.infer<typeof soarLine>;

/** Sampling lines for every example, refinement lines for the attempts each group's best beats. */
export function soarLines(rows: AsyncIterable<ExportRow>, options: ExportOptions): AsyncGenerator<SoarLine> {
  const { minMargin } = resolveExportOptions(options);
  return (async function* () {
    for await (const group of taskGroups(rows)) {
      for (const example of group) yield sampling(example);
      const best = group.reduce((a, b) => byQuality(a, b) <= 0 ? a : b);
      for (const attempt of group) {
        if (leadsBy(best.qualityScore, attempt.qualityScore, minMargin)) yield refinement(best, attempt);
      }
    }
  })();
}

function sampling(example: TrainingExample): SoarLine {
  return {
    kind: "sampling",
    weight: soarWeights.sampling,
    domain: example.domain,
    input: example.input,
    output: example.output,
    source: { exampleId: example.id },
  };
}

function refinement(best: TrainingExample, attempt: TrainingExample): SoarLine {
  return {
    kind: "refinement",
    weight: soarWeights.refinement,
    domain: best.domain,
    input: `${best.input}\n\nA previous attempt, scored ${Math.round(attempt.qualityScore)}/100:\n${attempt.output}`,
    output: best.output,
    source: { exampleId: best.id, attemptId: attempt.id },
  };
}

export const soarExporter: Exporter = {
  format: "soar",
  description: "SOAR: every example as sampling (weight 2), and each weaker attempt at a task refined into its best " +
    "answer (weight 1.5)",
  line: soarLine,
  lines: soarLines,
};
