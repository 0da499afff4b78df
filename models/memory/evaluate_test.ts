import assert from "node:assert/strict";
import { trainingExample } from "../../training/example_fixture.ts";
import { compileMemory } from "./compile.ts";
import { evaluateMemory } from "./evaluate.ts";
import { memoryExamples, rowsOf, rowStream } from "./memory_fixture.ts";
import { MemoryModel } from "./memory_model.ts";

const model = MemoryModel.load(
  await compileMemory(rowStream(rowsOf(memoryExamples)), {
    baseModel: "claude-sonnet-5",
    fewShot: 2,
    dataset: { name: "react", version: "1.0.0", contentHash: "abc" },
  }),
);

const claim = (input: string, verdict: string) =>
  trainingExample({ domain: "fact-verification", input, output: `Action: Finish[${verdict}]` });

Deno.test("evaluateMemory() scores each row's answer against its own output", async () => {
  const rows = rowsOf([
    claim("Paramore is from Tennessee.", "REFUTES"), // nearest: Paramore, REFUTES
    claim("Marnie is a 1964 film.", "REFUTES"), // nearest: Marnie, SUPPORTS
  ], "val");
  assert.deepEqual(await evaluateMemory(model, rowStream(rows)), { valCases: 2, valScore: 0.5, valExactMatch: 0.5 });
});

Deno.test("evaluateMemory() of no rows reports no score", async () => {
  assert.deepEqual(await evaluateMemory(model, rowStream([])), { valCases: 0 });
});
