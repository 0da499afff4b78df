/**
 * The memory model: a dataset version's train split compiled into few-shot
 * demonstrations bound to a base model (`compileMemory`, the `atlas-memory/1`
 * snapshot), answered with by retrieving the nearest ones (`MemoryModel`), and scored
 * on held-out rows (`evaluateMemory`). The `memory` trainer backend
 * (jobs/backends/memory.ts) runs the three as a job.
 *
 * @example
 * ```ts
 * const snapshot = await compileMemory(rows, { baseModel, fewShot: 4, dataset });
 * await Deno.writeTextFile("memory.json", writeMemorySnapshot(snapshot));
 * const model = MemoryModel.load(readMemorySnapshot(await Deno.readTextFile("memory.json")), { llm });
 * const answer = await model.answer("Paramore is not from Tennessee.");
 * ```
 *
 * @module
 */
export { compileMemory, type CompileOptions, type CompileProgress } from "./compile.ts";
export { evaluateMemory, type MemoryEvaluation } from "./evaluate.ts";
export { MemoryModel, type MemoryModelOptions } from "./memory_model.ts";
export {
  type MemoryEntry,
  memoryFileName,
  memoryFormat,
  type MemorySnapshot,
  parseMemorySnapshot,
  readMemorySnapshot,
  writeMemorySnapshot,
} from "./memory_snapshot.ts";
export { fewShotPrompt, memorySystem } from "./prompt.ts";
export { type AnswerScore, finalAnswer, scoreAnswer } from "./score.ts";
