import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { fakeLlm } from "../../llm/fake_llm.ts";
import { memoryExamples, rowsOf, rowStream } from "../../models/memory/memory_fixture.ts";
import { readMemorySnapshot } from "../../models/memory/memory_snapshot.ts";
import { trainingExample } from "../../training/example_fixture.ts";
import type { ExportRow, Split } from "../../training/exports/exporter.ts";
import type { Progress, TrainingHandle, TrainingInput } from "../backend.ts";
import { parseJobConfig } from "../config.ts";
import { MemoryBackend } from "./memory.ts";

const claim = (id: string, input: string, verdict: string) =>
  trainingExample({
    id: `exec:${id}`,
    taskKey: `fever:${id}`,
    domain: "fact-verification",
    input,
    output: `Action: Finish[${verdict}]`,
  });

/** Fillers, so compiling reports more than once (every 100 rows). */
const fillers = Array.from(
  { length: 244 },
  (_, i) => trainingExample({ id: `exec:f${i}`, taskKey: `filler:${i}`, domain: "filler", input: `filler task ${i}` }),
);

const allRows: ExportRow[] = [
  ...rowsOf([...memoryExamples, ...fillers]),
  ...rowsOf(
    [claim("v1", "Paramore is from Tennessee.", "REFUTES"), claim("v2", "Marnie is a 1964 film.", "REFUTES")],
    "val",
  ),
  ...rowsOf([claim("t1", "Eric Church is a singer.", "SUPPORTS")], "test"),
];

/** A training input over in-memory rows, writing into a fresh temporary directory. */
async function inputOf(rows: readonly ExportRow[], config: unknown = {}): Promise<TrainingInput> {
  const workDir = await Deno.makeTempDir({ prefix: "atlas_memory_job_" });
  const outputDir = `${workDir}/out`;
  await Deno.mkdir(outputDir);
  const count = (split: Split) => rows.filter((r) => r.split === split).length;
  return {
    jobId: "job-1",
    config: parseJobConfig(config),
    prepared: {
      dataset: { name: "react", version: "1.0.0", contentHash: "abc" },
      files: { train: `${workDir}/train.jsonl`, val: null, test: null },
      counts: { train: count("train"), val: count("val"), test: count("test") },
    },
    rows: (split) => rowStream(rows.filter((r) => split === undefined || r.split === split)),
    workDir,
    outputDir,
  };
}

const recorder = () => {
  const progress: Progress[] = [];
  const handles: TrainingHandle[] = [];
  return {
    progress,
    handles,
    on: { progress: (p: Progress) => progress.push(p), handle: (h: TrainingHandle) => handles.push(h) },
  };
};

Deno.test("MemoryBackend compiles the train split into memory.json, the same bytes on a second watch", async () => {
  const input = await inputOf(allRows);
  const backend = new MemoryBackend({ now: () => 1_000 });
  const handle = await backend.start(input);
  assert.deepEqual(handle, { startedAt: 1_000 });
  const first = recorder();
  const result = await backend.watch(input, handle, first.on, new AbortController().signal);
  const path = `${input.outputDir}/memory.json`;
  const bytes = await Deno.readFile(path);
  const snapshot = readMemorySnapshot(new TextDecoder().decode(bytes));
  assert.equal(snapshot.entries.length, 250);
  assert.ok(snapshot.entries.every((e) => !/^fever:(v|t)\d/.test(e.taskKey)), "no val or test member");
  assert.equal(snapshot.baseModel, input.config.baseModel);
  assert.equal(snapshot.fewShot, input.config.fewShot);
  assert.deepEqual(result.metrics, { entries: 250, valCases: 2, valScore: 0.5, valExactMatch: 0.5, trainRows: 250 });
  assert.deepEqual(first.progress.map((p) => [p.step, p.totalSteps, p.metrics?.entries]), [
    [100, 250, 100],
    [200, 250, 200],
    [250, 250, 250],
    [250, 250, 250],
  ]);
  assert.deepEqual(first.progress.at(-1)?.metrics, { entries: 250, valCases: 2, valScore: 0.5, valExactMatch: 0.5 });
  assert.equal(first.progress.some((p) => p.loss !== undefined), false, "a memory has no loss to report");

  const again = await backend.watch(input, handle, recorder().on, new AbortController().signal);
  assert.deepEqual(await Deno.readFile(path), bytes);
  assert.deepEqual(again, result);
  assert.deepEqual([...Deno.readDirSync(input.outputDir)].map((e) => e.name), ["memory.json"]);
  await Deno.remove(input.workDir, { recursive: true });
});

Deno.test("MemoryBackend with an Llm answers val through few-shot prompts of the retrieved examples", async () => {
  const input = await inputOf(allRows, { fewShot: 2 });
  const llm = fakeLlm({ answer: "Action: Finish[REFUTES]" });
  const backend = new MemoryBackend({ llm });
  const result = await backend.watch(input, await backend.start(input), recorder().on, new AbortController().signal);
  assert.equal(result.metrics.valExactMatch, 1);
  assert.equal(llm.requests.length, 2);
  const prompt = llm.requests[0]!.prompt;
  assert.ok(prompt.includes("Task: Paramore is not from Tennessee."), "the nearest example is shown");
  assert.ok(prompt.includes("Finish[REFUTES]"), "with its answer");
  assert.ok(prompt.endsWith("Task: Paramore is from Tennessee.\nAnswer:"));
  await Deno.remove(input.workDir, { recursive: true });
});

Deno.test("MemoryBackend.cancel() aborts an in-flight compilation and may be called again", async () => {
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => reached = resolve);
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  const input = await inputOf(allRows);
  input.rows = async function* () {
    yield allRows[0]!;
    reached();
    await released;
    yield allRows[1]!;
  };
  const backend = new MemoryBackend();
  const handle = await backend.start(input);
  const watching = backend.watch(input, handle, recorder().on, new AbortController().signal);
  await waiting;
  await backend.cancel(input, handle);
  release();
  await assert.rejects(watching, (error) => error instanceof DOMException && error.name === "AbortError");
  await backend.cancel(input, handle);
  await assert.rejects(Deno.stat(`${input.outputDir}/memory.json`), Deno.errors.NotFound);
  await Deno.remove(input.workDir, { recursive: true });
});

Deno.test("MemoryBackend.watch() stops when the caller's signal aborts", async () => {
  const input = await inputOf(allRows);
  const backend = new MemoryBackend();
  const reason = new Error("runtime stopping");
  await assert.rejects(
    backend.watch(input, await backend.start(input), recorder().on, AbortSignal.abort(reason)),
    (error) => error === reason,
  );
  await Deno.remove(input.workDir, { recursive: true });
});

Deno.test("MemoryBackend.start() refuses a job that is not sft with E7938", async () => {
  const input = await inputOf(allRows, { type: "reward" });
  await assert.rejects(
    new MemoryBackend().start(input),
    (error) => error instanceof AtlasError && error.code === "E7938",
  );
  await Deno.remove(input.workDir, { recursive: true });
});
