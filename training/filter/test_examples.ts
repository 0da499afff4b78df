/**
 * Helpers for the filter's tests: made-up text and training examples with sensible
 * defaults, so each test states only what it is about.
 *
 * @module
 */
import { seededRandom } from "../../learning/seeded_random.ts";
import type { TrainingExample } from "../example.ts";
import { trainingExample } from "../example_fixture.ts";

/** `count` words drawn from a seeded vocabulary of 2,000 made-up words. */
export function randomWords(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "du", "sha", "gor"];
  const vocabulary = Array.from({ length: 2000 }, (_, i) => {
    let word = "";
    for (let n = 2 + (i % 3); n > 0; n--) word += syllables[Math.floor(random() * syllables.length)];
    return word;
  });
  return Array.from({ length: count }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
}

/** An example with distinct made-up text (seeded by the id), overridden by `fields`. */
export function example(id: string, fields: Partial<TrainingExample> = {}): TrainingExample {
  const seed = [...id].reduce((hash, c) => Math.imul(hash ^ c.charCodeAt(0), 0x01000193), 0x811c9dc5);
  const input = fields.input ?? randomWords(12, seed).join(" ");
  const output = fields.output ?? randomWords(60, seed + 1).join(" ");
  return trainingExample({
    id,
    source: "trajectory",
    taskKey: `task:${id}`,
    input,
    output,
    difficulty: { score: 0.3, level: "easy", steps: 3, tools: 2, tokens: 100, errors: 0 },
    tokens: { input: Math.ceil(input.length / 4), output: Math.ceil(output.length / 4) },
    ...fields,
  });
}
