/**
 * Hand-made examples and row sources for the exporters' tests.
 *
 * @module
 */
import type { TrainingExample } from "../example.ts";
import { trainingExample } from "../example_fixture.ts";
import type { ExportRow, Split } from "./exporter.ts";

/** An example of `taskKey` scored `qualityScore`, its input and output named after the task and the id. */
export function example(
  id: string,
  taskKey: string,
  qualityScore: number,
  overrides: Partial<TrainingExample> = {},
): TrainingExample {
  return trainingExample({
    id,
    taskKey,
    input: `Task ${taskKey}: answer it.`,
    output: `Answer ${id} to ${taskKey}.`,
    qualityScore,
    domain: "math",
    difficulty: { score: 0.3, level: "easy", steps: 2, tools: 1, tokens: 120, errors: 0 },
    tokens: { input: 40, output: 80 },
    lineage: { key: `exec:${id}`, events: [{ type: "task.completed", source: "test", id }], missing: [] },
    extractedAt: 1_700_000_000_000,
    ...overrides,
  });
}

export const row = (split: Split, example: TrainingExample): ExportRow => ({ split, example });

/**
 * A small dataset version, in the store's order (split, taskKey, id): three answers to
 * one task in train, a lone one, and the same task key again in val with a score that
 * would pair with train's if splits were ignored.
 */
export const dataset: readonly ExportRow[] = [
  row("train", example("a", "sum", 90)),
  row("train", example("b", "sum", 80)),
  row("train", example("c", "sum", 55)),
  row("train", example("d", "sort", 70, { domain: "code" })),
  row("val", example("e", "sum", 100)),
  row("val", example("f", "sum", 95)),
  row("test", example("g", "sort", 60, { domain: "code", input: "Sort 3, 1, 2.\nAnswer with a list: «…» ✓" })),
];

/** `rows` as the store hands them: an async iterable, one row per pull. */
export async function* source(rows: readonly ExportRow[]): AsyncGenerator<ExportRow> {
  for (const r of rows) {
    await Promise.resolve();
    yield r;
  }
}

/** Reads a stream's text and splits it into its lines, checking each ends with "\n". */
export async function jsonlLines(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const text = await new Response(stream).text();
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error("the last line is not terminated");
  return text.slice(0, -1).split("\n");
}
