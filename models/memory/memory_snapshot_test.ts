import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { compileMemory } from "./compile.ts";
import { memoryExamples, rowsOf, rowStream } from "./memory_fixture.ts";
import { parseMemorySnapshot, readMemorySnapshot, writeMemorySnapshot } from "./memory_snapshot.ts";

const snapshot = await compileMemory(rowStream(rowsOf(memoryExamples)), {
  baseModel: "claude-sonnet-5",
  fewShot: 2,
  dataset: { name: "react", version: "1.0.0", contentHash: "abc" },
});

const isE7208 = (error: unknown) => error instanceof AtlasError && error.code === "E7208";

Deno.test("a memory snapshot survives writing and reading, and writes the same bytes again", () => {
  const text = writeMemorySnapshot(snapshot);
  const read = readMemorySnapshot(text);
  assert.deepEqual(read, snapshot);
  assert.equal(writeMemorySnapshot(read), text);
  assert.ok(text.endsWith("}\n"));
});

Deno.test("readMemorySnapshot() refuses text that is not JSON with E7208", () => {
  assert.throws(() => readMemorySnapshot("{ not json"), isE7208);
});

Deno.test("parseMemorySnapshot() refuses a malformed snapshot with E7208, naming the problems", () => {
  const { entries: [first, ...rest] } = snapshot;
  const broken = { ...snapshot, format: "atlas-memory/0", entries: [{ ...first, qualityScore: 140 }, ...rest] };
  assert.throws(() => parseMemorySnapshot(broken), (error) => {
    assert.ok(isE7208(error));
    const details = (error as AtlasError).details as string[];
    assert.ok(details.some((d) => d.startsWith("format:")));
    assert.ok(details.some((d) => d.startsWith("entries.0.qualityScore:")));
    return true;
  });
  assert.throws(() => parseMemorySnapshot({ ...snapshot, extra: 1 }), isE7208);
  assert.throws(() => parseMemorySnapshot(null), isE7208);
});
