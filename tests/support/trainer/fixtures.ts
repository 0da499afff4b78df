/**
 * Jobs for the command backend's tests: a small dataset exported by the real
 * exporters into a temporary job directory, the `TrainingInput` a job runner would
 * give, and the command that runs the tiny trainer.
 *
 * @module
 */
import { join } from "node:path";
import type { TrainingInput } from "../../../jobs/backend.ts";
import { parseJobConfig } from "../../../jobs/config.ts";
import type { TrainingExample } from "../../../training/example.ts";
import { trainingExample } from "../../../training/example_fixture.ts";
import type { ExportFormat, ExportRow, Split } from "../../../training/exports/exporter.ts";
import { exporters } from "../../../training/exports/formats.ts";
import { toJsonl } from "../../../training/exports/jsonl.ts";

/** The hooks the tests may set (run.ts). */
const hooks = "TINY_TRAINER_CRASH_AT_STEP,TINY_TRAINER_STEP_DELAY_MS";

/** How the command backend runs the tiny trainer in tests. */
export const tinyTrainerCommand: readonly string[] = [
  Deno.execPath(),
  "run",
  "--no-config",
  "--allow-read",
  "--allow-write",
  `--allow-env=${hooks}`,
  new URL("./tiny_trainer.ts", import.meta.url).pathname,
];

const cities = ["paris", "rome", "madrid", "berlin", "vienna", "lisbon", "prague", "dublin"];
const countries = ["france", "italy", "spain", "germany", "austria", "portugal", "czechia", "ireland"];

/**
 * Two answers per task, a good one (score 90) and a poor one (score 30): chat jobs
 * learn from all of them, preference jobs pair them. Splits: train, then every
 * fourth task val and every eighth test.
 */
export function exampleRows(): ExportRow[] {
  return countries.flatMap((country, i) => {
    const split: Split = i % 8 === 7 ? "test" : i % 4 === 3 ? "val" : "train";
    const input = `What is the capital of ${country}?`;
    const good = `The capital of ${country} is ${cities[i]}. Thought: I checked the atlas.`;
    const poor = `I do not know, error: could not find ${country}.`;
    const task = `capital-${country}`;
    return [
      example(`${task}:good`, task, input, good, 90),
      example(`${task}:poor`, task, input, poor, 30),
    ].map((e) => ({ split, example: e }));
  });
}

function example(id: string, taskKey: string, input: string, output: string, qualityScore: number): TrainingExample {
  return trainingExample({ id, taskKey, input, output, qualityScore });
}

/**
 * A job in a new temporary directory, its data exported in `format`; `await using`
 * removes the directory.
 */
export async function trainingJob(
  config: Record<string, unknown>,
  format: ExportFormat = "chat",
): Promise<TrainingInput & AsyncDisposable> {
  const root = await Deno.makeTempDir({ prefix: "atlas-command-" });
  const [workDir, outputDir] = [join(root, "work"), join(root, "work", "output")];
  await Deno.mkdir(outputDir, { recursive: true });
  const rows = exampleRows();
  const write = async (split: Split) => {
    const path = join(workDir, `${split}.jsonl`);
    const lines = exporters[format].lines(iterate(rows.filter((r) => r.split === split)), {});
    await Deno.writeFile(path, toJsonl(lines));
    return path;
  };
  const counts = { train: 0, val: 0, test: 0 };
  for (const { split } of rows) counts[split]++;
  return {
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
    jobId: `job-${crypto.randomUUID()}`,
    config: parseJobConfig({ backend: "command", learningRate: 0.5, batchSize: 2, epochs: 4, format, ...config }),
    prepared: {
      dataset: { name: "capitals", version: "1.0.0", contentHash: "sha256:test" },
      files: { train: await write("train"), val: await write("val"), test: await write("test") },
      counts,
    },
    rows: (split?: Split) => iterate(split ? rows.filter((r) => r.split === split) : rows),
    workDir,
    outputDir,
  };
}

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
