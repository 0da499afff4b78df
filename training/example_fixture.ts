/**
 * A training example for tests: every field filled with a plain default, so a test
 * states only the fields it is about.
 *
 * @module
 */
import { exampleSchemaVersion, type TrainingExample } from "./example.ts";

export function trainingExample(fields: Partial<TrainingExample> = {}): TrainingExample {
  const id = fields.id ?? "exec:1";
  return {
    id,
    source: "upstream",
    taskKey: "task",
    input: "question",
    output: "answer",
    plan: null,
    qualityScore: 80,
    confidence: 0.9,
    domain: "general",
    difficulty: { score: 0.3, level: "easy", steps: 3, tools: 1, tokens: 100, errors: 0 },
    tokens: { input: 10, output: 20 },
    lineage: { key: id, events: [], missing: [] },
    schemaVersion: exampleSchemaVersion,
    extractedAt: 0,
    ...fields,
  };
}
