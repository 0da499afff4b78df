import assert from "node:assert/strict";
import { trainingExample } from "../../training/example_fixture.ts";
import { compileMemory, type CompileProgress } from "./compile.ts";
import { memoryExamples, rowsOf, rowStream } from "./memory_fixture.ts";

const options = {
  baseModel: "claude-sonnet-5",
  fewShot: 2,
  dataset: { name: "react", version: "1.0.0", contentHash: "abc" },
};

Deno.test("compileMemory() keeps only train rows and the best-scored response per task", async () => {
  const rows = [
    ...rowsOf([
      trainingExample({ id: "exec:a1", taskKey: "a", output: "weak", qualityScore: 60 }),
      trainingExample({ id: "exec:a2", taskKey: "a", output: "strong", qualityScore: 90 }),
      trainingExample({ id: "exec:a3", taskKey: "a", output: "also strong", qualityScore: 90 }),
      trainingExample({ id: "exec:b1", taskKey: "b", output: "only", qualityScore: 75 }),
    ]),
    ...rowsOf([trainingExample({ id: "exec:c1", taskKey: "c" })], "val"),
    ...rowsOf([trainingExample({ id: "exec:d1", taskKey: "d" })], "test"),
  ];
  const snapshot = await compileMemory(rowStream(rows), options);
  assert.deepEqual(snapshot.entries.map((e) => [e.taskKey, e.id, e.output]), [
    ["a", "exec:a2", "strong"],
    ["b", "exec:b1", "only"],
  ]);
  assert.equal(snapshot.format, "atlas-memory/1");
  assert.equal(snapshot.baseModel, "claude-sonnet-5");
  assert.deepEqual(snapshot.dataset, options.dataset);
  assert.equal(snapshot.fewShot, 2);
});

Deno.test("compileMemory() gives the same snapshot whatever order the rows come in", async () => {
  const rows = rowsOf(memoryExamples);
  const forward = await compileMemory(rowStream(rows), options);
  const backward = await compileMemory(rowStream([...rows].reverse()), options);
  assert.deepEqual(backward, forward);
  assert.deepEqual(forward.entries.map((e) => e.taskKey), [...forward.entries.map((e) => e.taskKey)].sort());
});

Deno.test("compileMemory() reports the rows it has read and the tasks it holds", async () => {
  const rows = [...rowsOf(memoryExamples), ...rowsOf([trainingExample({ id: "exec:v", taskKey: "v" })], "val")];
  const reports: CompileProgress[] = [];
  await compileMemory(rowStream(rows), {
    ...options,
    totalRows: rows.length,
    progressEvery: 4,
    onProgress: (p) => reports.push(p),
  });
  assert.deepEqual(reports, [
    { step: 4, totalSteps: 7, entries: 4 },
    { step: 7, totalSteps: 7, entries: 6 },
  ]);
});

Deno.test("compileMemory() of no rows is an empty memory, reported once", async () => {
  const reports: CompileProgress[] = [];
  const snapshot = await compileMemory(rowStream([]), { ...options, onProgress: (p) => reports.push(p) });
  assert.deepEqual(snapshot.entries, []);
  assert.deepEqual(reports, [{ step: 0, entries: 0 }]);
});

Deno.test("compileMemory() stops with the signal's reason once it aborts", async () => {
  const controller = new AbortController();
  const reason = new Error("cancelled");
  await assert.rejects(
    compileMemory(rowStream(rowsOf(memoryExamples)), {
      ...options,
      signal: controller.signal,
      progressEvery: 1,
      onProgress: ({ step }) => step === 2 && controller.abort(reason),
    }),
    (error) => error === reason,
  );
});
