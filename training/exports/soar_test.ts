import assert from "node:assert/strict";
import { soarWeights } from "../../learning/hindsight.ts";
import { toJsonl } from "./jsonl.ts";
import { soarLine, soarLines } from "./soar.ts";
import { dataset, example, jsonlLines, row, source } from "./test_examples.ts";

const summary = (line: { kind: string; source: { exampleId: string; attemptId?: string } }) =>
  `${line.kind}:${line.source.exampleId}${line.source.attemptId ? `<${line.source.attemptId}` : ""}`;

Deno.test("soarLines() samples every example and refines each attempt the group's best leads by the margin", async () => {
  const lines = await Array.fromAsync(soarLines(source(dataset), {}));
  assert.deepEqual(lines.map(summary), [
    // train "sum": a 90 is the best; b 80 trails by exactly 10, c 55 by 35.
    "sampling:a",
    "sampling:b",
    "sampling:c",
    "refinement:a<b",
    "refinement:a<c",
    "sampling:d",
    // val "sum": f trails e by 5 only; and nothing pairs with train's "sum".
    "sampling:e",
    "sampling:f",
    "sampling:g",
  ]);
});

Deno.test("soarLines() weighs as the hindsight learner does and writes the attempt and its score into the input", async () => {
  const rows = [
    row("train", example("best", "t", 92, { input: "Add 2 and 2.", output: "4" })),
    row("train", example("weak", "t", 41.6, { input: "Add 2 and 2.", output: "5" })),
  ];
  const lines = await Array.fromAsync(soarLines(source(rows), {}));
  assert.deepEqual(lines.at(-1), {
    kind: "refinement",
    weight: soarWeights.refinement,
    domain: "math",
    input: "Add 2 and 2.\n\nA previous attempt, scored 42/100:\n5",
    output: "4",
    source: { exampleId: "best", attemptId: "weak" },
  });
  assert.deepEqual(lines[0], {
    kind: "sampling",
    weight: soarWeights.sampling,
    domain: "math",
    input: "Add 2 and 2.",
    output: "4",
    source: { exampleId: "best" },
  });
});

Deno.test("soarLines() pairs nothing one point below the margin, and takes the lower id among equal bests", async () => {
  const rows = [
    row("train", example("x", "t", 80)),
    row("train", example("y", "t", 80)),
    row("train", example("z", "t", 71)),
  ];
  assert.deepEqual((await Array.fromAsync(soarLines(source(rows), {}))).map(summary), [
    "sampling:x",
    "sampling:y",
    "sampling:z",
  ]);
  assert.deepEqual((await Array.fromAsync(soarLines(source(rows), { minMargin: 9 }))).map(summary).slice(3), [
    "refinement:x<z",
  ]);
});

Deno.test("soarLines() gives valid lines only, and the same through JSONL", async () => {
  const lines = await Array.fromAsync(soarLines(source(dataset), { minMargin: 5 }));
  for (const line of lines) soarLine.parse(line);
  const read = (await jsonlLines(toJsonl(soarLines(source(dataset), { minMargin: 5 })))).map((l) => JSON.parse(l));
  assert.deepEqual(read, lines);
  for (const line of read) soarLine.parse(line);
});

Deno.test("soarLine refuses a wrong weight, an error kind, an attempt on a sampling line and extra keys", () => {
  const sampling = { kind: "sampling", weight: 2, domain: "d", input: "i", output: "o", source: { exampleId: "a" } };
  soarLine.parse(sampling);
  assert.throws(() => soarLine.parse({ ...sampling, weight: 1.5 }));
  assert.throws(() => soarLine.parse({ ...sampling, kind: "error", weight: 1 }));
  assert.throws(() => soarLine.parse({ ...sampling, source: { exampleId: "a", attemptId: "b" } }));
  assert.throws(() => soarLine.parse({ ...sampling, family: null }));
  assert.throws(() => soarLine.parse({ ...sampling, kind: "refinement", weight: 1.5 }));
});
