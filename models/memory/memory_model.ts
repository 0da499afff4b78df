/**
 * The memory model: a base model answering with the few-shot memory a dataset version
 * was compiled into. For a question it retrieves the `fewShot` nearest entries and
 * shows them, plans included, to the base model before the question.
 *
 * Without an Llm it answers offline with the nearest entry's own output: the
 * nearest-neighbour policy. That is what a job evaluates when no model key is
 * configured, and a floor any real base model should beat.
 *
 * @example
 * ```ts
 * const model = MemoryModel.load(JSON.parse(await Deno.readTextFile("memory.json")), { llm });
 * const answer = await model.answer("Paramore is not from Tennessee.");
 * ```
 *
 * @module
 */
import { z } from "zod";
import { type Embed, hashingEmbedding } from "../../learning/embedding.ts";
import type { Llm } from "../../llm/llm.ts";
import { type MemoryEntry, type MemorySnapshot, parseMemorySnapshot } from "./memory_snapshot.ts";
import { fewShotPrompt, memorySystem } from "./prompt.ts";
import { MemoryIndex } from "./retrieval.ts";

export interface MemoryModelOptions {
  /** The base model to ask; without one, answers are the nearest entry's output. @default none */
  llm?: Llm;
  /** How questions and entries are compared; must be the same at every load. @default hashingEmbedding() */
  embed?: Embed;
  /** The longest answer asked of the base model. @default 1024 */
  maxTokens?: number;
}

/** The Llm port answers through a tool: the answer is its one field. */
const answerSchema = z.strictObject({ answer: z.string() });
const answerTool = { name: "answer", description: "Give the answer to the new task, in the examples' form." };

export class MemoryModel {
  readonly #index: MemoryIndex;

  private constructor(readonly snapshot: MemorySnapshot, private readonly options: MemoryModelOptions) {
    this.#index = new MemoryIndex(snapshot.entries, options.embed ?? hashingEmbedding());
  }

  /** A model over `snapshot` (parsed JSON), validated: E7208 when it is not a memory snapshot. */
  static load(snapshot: unknown, options: MemoryModelOptions = {}): MemoryModel {
    return new MemoryModel(parseMemorySnapshot(snapshot), options);
  }

  /** The `k` entries nearest to `input`, best first, from its domain (given, or inferred). */
  retrieve(input: string, k = this.snapshot.fewShot, domain?: string): MemoryEntry[] {
    return this.#index.search(input, k, domain);
  }

  /** The few-shot prompt the base model is sent for `input` (after the fixed `memorySystem`). */
  promptFor(input: string): string {
    return fewShotPrompt(input, this.retrieve(input));
  }

  /** The base model's answer with the memory, or offline the nearest entry's output ("" for an empty memory). */
  async answer(input: string): Promise<string> {
    const { llm } = this.options;
    if (!llm) return this.retrieve(input, 1)[0]?.output ?? "";
    const { answer } = await llm.structured({
      purpose: "memory-answer",
      system: memorySystem,
      prompt: this.promptFor(input),
      schema: answerSchema,
      tool: answerTool,
      maxTokens: this.options.maxTokens ?? 1024,
    });
    return answer;
  }
}
