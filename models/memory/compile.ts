/**
 * Compiling a dataset version into a memory (SAGE-style "training"): the train
 * split's examples, one per task, become the entries a base model is shown as
 * few-shot demonstrations. Val and test members are skipped, since they are what the
 * memory is evaluated on; of a task's several responses only the best-scored one is
 * kept, because two demonstrations of one task spend the prompt on a single lesson.
 *
 * Pure apart from reading `rows`: it writes nothing, and the same rows in any order
 * give the same snapshot.
 *
 * @module
 */
import type { DatasetRef } from "../../jobs/backend.ts";
import type { TrainingExample } from "../../training/example.ts";
import type { ExportRow } from "../../training/exports/exporter.ts";
import { type MemoryEntry, memoryFormat, type MemorySnapshot } from "./memory_snapshot.ts";

/** How far compiling has got: rows read, of how many (when known), and distinct tasks so far. */
export interface CompileProgress {
  step: number;
  totalSteps?: number;
  entries: number;
}

export interface CompileOptions {
  baseModel: string;
  fewShot: number;
  dataset: DatasetRef;
  /** Rows the caller expects (the train split's count), reported as `totalSteps`. @default unknown */
  totalRows?: number;
  /** Rows between progress reports; the last row is always reported. @default 100 */
  progressEvery?: number;
  onProgress?(progress: CompileProgress): void;
  /** Stops compiling: the next row read throws the signal's reason. */
  signal?: AbortSignal;
}

/** The memory snapshot of `rows`' train members. */
export async function compileMemory(rows: AsyncIterable<ExportRow>, options: CompileOptions): Promise<MemorySnapshot> {
  const every = options.progressEvery ?? 100;
  const report = (step: number, entries: number) =>
    options.onProgress?.({
      step,
      ...(options.totalRows !== undefined && { totalSteps: options.totalRows }),
      entries,
    });
  const best = new Map<string, TrainingExample>();
  let read = 0;
  for await (const { example, split } of rows) {
    options.signal?.throwIfAborted();
    read++;
    if (split === "train") {
      const kept = best.get(example.taskKey);
      if (!kept || better(example, kept)) best.set(example.taskKey, example);
    }
    if (read % every === 0) report(read, best.size);
  }
  options.signal?.throwIfAborted();
  if (read % every !== 0 || read === 0) report(read, best.size);
  const entries = [...best.values()].map(toEntry).sort(byTaskThenId);
  return {
    format: memoryFormat,
    baseModel: options.baseModel,
    dataset: { name: options.dataset.name, version: options.dataset.version, contentHash: options.dataset.contentHash },
    fewShot: options.fewShot,
    entries,
  };
}

/** Higher quality wins; a tie goes to the smaller id, so the choice does not depend on row order. */
const better = (a: TrainingExample, b: TrainingExample) =>
  a.qualityScore !== b.qualityScore ? a.qualityScore > b.qualityScore : a.id < b.id;

const byTaskThenId = (a: MemoryEntry, b: MemoryEntry) =>
  a.taskKey < b.taskKey ? -1 : a.taskKey > b.taskKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function toEntry(example: TrainingExample): MemoryEntry {
  const { id, taskKey, domain, input, output, plan, qualityScore } = example;
  return { id, taskKey, domain, input, output, plan, qualityScore };
}
