/**
 * For tests: export rows from plain examples, and a small memory of two domains (fact
 * verification in the ReAct FEVER form, web shopping) whose nearest answers a test
 * can tell by reading them.
 *
 * @module
 */
import { trainingExample } from "../../training/example_fixture.ts";
import type { TrainingExample } from "../../training/example.ts";
import type { ExportRow, Split } from "../../training/exports/exporter.ts";

/** `rows`, in order, as an async stream like the store's. */
export async function* rowStream(rows: readonly ExportRow[]): AsyncGenerator<ExportRow> {
  for (const row of rows) yield await Promise.resolve(row);
}

/** `examples` as rows of one split. */
export const rowsOf = (examples: readonly TrainingExample[], split: Split = "train"): ExportRow[] =>
  examples.map((example) => ({ example, split }));

const claim = (id: string, input: string, verdict: string, plan: string | null = null) =>
  trainingExample({
    id: `exec:${id}`,
    taskKey: `fever:${id}`,
    domain: "fact-verification",
    input,
    output: `Thought: I should search.\nAction: Finish[${verdict}]\nObservation: Episode finished`,
    plan,
    qualityScore: 100,
  });

const shopping = (id: string, input: string, item: string) =>
  trainingExample({
    id: `exec:${id}`,
    taskKey: `webshop:${id}`,
    domain: "web-shopping",
    input,
    output: `Action: search[${item}]\nAction: click[Buy Now]`,
    qualityScore: 100,
  });

/** Six solved tasks, three of each domain. */
export const memoryExamples: TrainingExample[] = [
  claim("paramore", "Paramore is not from Tennessee.", "REFUTES", "search the band, read where it is from"),
  claim("church", "Eric Church is a sound mixer.", "REFUTES"),
  claim("marnie", "Marnie is a film.", "SUPPORTS"),
  shopping("hair", "i need a long clip-in hair extension, and price lower than 20.00 dollars", "hair extension"),
  shopping("shoes", "i want running shoes for men, size 10, price lower than 60.00 dollars", "running shoes"),
  shopping("tea", "i am looking for green tea bags, caffeine free, price lower than 15.00 dollars", "green tea"),
];
