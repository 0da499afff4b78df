import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import type { ExportOptions, ExportRow } from "./exporter.ts";
import { exporters, exportFormats, isExportFormat } from "./formats.ts";
import { toJsonl } from "./jsonl.ts";
import { dataset, example, jsonlLines, row, source } from "./test_examples.ts";

const optionSets: ExportOptions[] = [{}, { system: "You are exact." }, { minMargin: 5 }];

Deno.test("exporters covers every format, each under its own name", () => {
  assert.deepEqual(exportFormats, ["chat", "anthropic", "prompt-completion", "soar", "preference"]);
  for (const format of exportFormats) {
    assert.equal(exporters[format].format, format);
    assert.ok(exporters[format].description.length > 0);
  }
});

Deno.test("isExportFormat() knows the five names and nothing else", () => {
  for (const format of exportFormats) assert.equal(isExportFormat(format), true);
  for (const other of ["xml", "Chat", "", "toString", "__proto__", 1, null, undefined]) {
    assert.equal(isExportFormat(other), false, String(other));
  }
});

Deno.test("every format's every line matches its strict schema, and reads back the same from JSONL", async () => {
  for (const format of exportFormats) {
    const { line, lines } = exporters[format];
    for (const options of optionSets) {
      const written = await Array.fromAsync(lines(source(dataset), options));
      assert.ok(written.length > 0, format);
      for (const l of written) line.parse(l);
      const read = (await jsonlLines(toJsonl(lines(source(dataset), options)))).map((l) => JSON.parse(l));
      assert.deepEqual(read, written, format);
      for (const l of read) line.parse(l);
      assert.throws(() => line.parse({ ...(written[0] as object), extra: true }), `${format} takes an extra key`);
    }
  }
});

Deno.test("every format checks its options when called, before reading a row", () => {
  for (const format of exportFormats) {
    let pulled = false;
    const rows: AsyncIterable<ExportRow> = {
      [Symbol.asyncIterator]: () => {
        pulled = true;
        return source(dataset);
      },
    };
    assert.throws(
      () => exporters[format].lines(rows, { minMargin: -1 }),
      (e: unknown) => e instanceof AtlasError && e.code === "E7102",
    );
    assert.equal(pulled, false);
  }
});

/** An endless dataset, two answers (90 and 50) per task, that counts its pulls and notes when it is closed. */
function endless() {
  const state = { pulled: 0, closed: false };
  async function* rows(): AsyncGenerator<ExportRow> {
    try {
      for (let task = 0;; task++) {
        for (const [id, score] of [["hi", 90], ["lo", 50]] as const) {
          state.pulled++;
          yield row("train", example(`${task}-${id}`, `task-${task}`, score));
        }
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, rows: rows() };
}

Deno.test("every format gives its first line after at most one task group and a row, and closes the source", async () => {
  for (const format of exportFormats) {
    const { state, rows } = endless();
    const lines = exporters[format].lines(rows, {})[Symbol.asyncIterator]();
    const first = await lines.next();
    assert.equal(first.done, false, format);
    exporters[format].line.parse(first.value);
    assert.ok(state.pulled <= 3, `${format} read ${state.pulled} rows for its first line`);
    await lines.return?.();
    assert.equal(state.closed, true, format);
  }
});

Deno.test("every format streams through JSONL: the first line comes out and a cancel closes the source", async () => {
  for (const format of exportFormats) {
    const { state, rows } = endless();
    const reader = toJsonl(exporters[format].lines(rows, {})).getReader();
    const { value } = await reader.read();
    const text = new TextDecoder().decode(value);
    assert.ok(text.endsWith("\n"), format);
    exporters[format].line.parse(JSON.parse(text));
    assert.ok(state.pulled <= 3, `${format} read ${state.pulled} rows for its first line`);
    await reader.cancel();
    assert.equal(state.closed, true, format);
  }
});
