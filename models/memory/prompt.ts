/**
 * The few-shot prompt a memory model sends its base model: the retrieved examples,
 * each with its plan when it had one, then the new task. The instructions are fixed
 * (the provider caches them); everything that varies is in the prompt.
 *
 * @module
 */
import type { MemoryEntry } from "./memory_snapshot.ts";

/** The stable instructions of every memory answer. */
export const memorySystem = "You answer tasks by following solved examples of the same kind of work. " +
  "Each example gives a task, the plan that was followed (when there was one) and the answer that was given. " +
  "Answer the new task in the same form as the examples' answers, ending the way they end.";

/** The examples, best first, then the task to answer. */
export function fewShotPrompt(input: string, examples: readonly MemoryEntry[]): string {
  const shots = examples.map((e, i) =>
    [
      `## Example ${i + 1}`,
      `Task: ${e.input}`,
      ...(e.plan ? [`Plan: ${e.plan}`] : []),
      `Answer:\n${e.output}`,
    ].join("\n")
  );
  return [...shots, `## New task\nTask: ${input}\nAnswer:`].join("\n\n");
}
