/**
 * The `memory` trainer backend: supervised "training" without gradients. The dataset
 * version's train split is compiled in-process into a few-shot memory bound to the
 * base model (`memory.json` in the output directory), which is then evaluated on the
 * val split by answering each val input with it: through the base model when an Llm
 * is given, else by the offline nearest-neighbour policy (see MemoryModel).
 *
 * Nothing runs between `start` and `watch`: the handle only records when the job
 * started, and `watch` does the work. Compiling is deterministic, so a `watch` after a
 * restart simply compiles again and writes the same bytes.
 *
 * @module
 */
import { AtlasError, ensureError } from "../../errors.ts";
import type { Llm } from "../../llm/llm.ts";
import {
  compileMemory,
  evaluateMemory,
  memoryFileName,
  MemoryModel,
  writeMemorySnapshot,
} from "../../models/memory/mod.ts";
import type { TrainerBackend, TrainingHandle, TrainingInput, TrainingResult, WatchCallbacks } from "../backend.ts";

export interface MemoryBackendOptions {
  /** The base model that answers the val split; without one, the offline policy does. @default none */
  llm?: Llm;
  /** The clock that stamps handles. @default Date.now */
  now?: () => number;
}

export class MemoryBackend implements TrainerBackend {
  readonly name = "memory" as const;
  /** The in-flight compilations, by job, so `cancel` can stop them. */
  readonly #running = new Map<string, AbortController>();

  constructor(private readonly options: MemoryBackendOptions = {}) {}

  /** Accepts the job (sft only: reward and PPO are trained elsewhere) and stamps the handle. */
  start(input: TrainingInput): Promise<TrainingHandle> {
    if (input.config.type !== "sft") {
      return Promise.reject(
        new AtlasError("E7938", `the memory backend trains sft jobs, not ${input.config.type}`),
      );
    }
    return Promise.resolve({ startedAt: (this.options.now ?? Date.now)() });
  }

  /** Compiles, writes `memory.json`, evaluates on val; rejects with the abort reason when stopped. */
  async watch(
    input: TrainingInput,
    _handle: TrainingHandle,
    on: WatchCallbacks,
    signal: AbortSignal,
  ): Promise<TrainingResult> {
    // A second watch of one job supersedes the first, so only one ever writes the file.
    this.#running.get(input.jobId)?.abort();
    const controller = new AbortController();
    this.#running.set(input.jobId, controller);
    const stop = AbortSignal.any([signal, controller.signal]);
    try {
      const totalSteps = input.prepared.counts.train;
      let read = 0;
      const snapshot = await compileMemory(input.rows("train"), {
        baseModel: input.config.baseModel,
        fewShot: input.config.fewShot,
        dataset: input.prepared.dataset,
        totalRows: totalSteps,
        signal: stop,
        onProgress: ({ step, entries }) => {
          read = step;
          on.progress({ step, totalSteps, metrics: { entries } });
        },
      });
      await writeAtomically(`${input.outputDir}/${memoryFileName}`, writeMemorySnapshot(snapshot));
      const model = MemoryModel.load(snapshot, this.options.llm ? { llm: this.options.llm } : {});
      const evaluation = await evaluateMemory(model, input.rows("val"), stop);
      const metrics = { entries: snapshot.entries.length, ...evaluation };
      on.progress({ step: read, totalSteps, metrics, message: `evaluated on ${evaluation.valCases} val cases` });
      return { metrics: { ...metrics, trainRows: read } };
    } catch (error) {
      if (stop.aborted) throw stop.reason;
      throw ensureError(error, "E7933");
    } finally {
      if (this.#running.get(input.jobId) === controller) this.#running.delete(input.jobId);
    }
  }

  /** Aborts the job's compilation or evaluation if one is in flight; nothing otherwise. */
  cancel(input: TrainingInput, _handle: TrainingHandle): Promise<void> {
    this.#running.get(input.jobId)?.abort();
    return Promise.resolve();
  }
}

/** Writes beside the target and renames, so a crash never leaves half a memory file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const partial = `${path}.partial`;
  await Deno.writeTextFile(partial, text);
  await Deno.rename(partial, path);
}
