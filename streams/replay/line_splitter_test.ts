import assert from "node:assert/strict";
import { LineSplitter } from "./line_splitter.ts";

const split = (chunks: string[]) => Array.fromAsync(ReadableStream.from(chunks).pipeThrough(new LineSplitter()));

Deno.test("LineSplitter joins lines cut across chunks", async () => {
  assert.deepEqual(await split(['{"a":', '1}\n{"b"', ":2}\n"]), ['{"a":1}', '{"b":2}']);
  assert.deepEqual(await split(["ab", "c", "d", "\nef"]), ["abcd", "ef"]);
});

Deno.test("LineSplitter keeps blank lines, so their count is the line number", async () => {
  assert.deepEqual(await split(["a\n\n", "  \nb\n"]), ["a", "", "  ", "b"]);
});

Deno.test("LineSplitter emits a last line without a newline, and nothing for a final newline", async () => {
  assert.deepEqual(await split(["a\nb"]), ["a", "b"]);
  assert.deepEqual(await split(["a\n"]), ["a"]);
  assert.deepEqual(await split([]), []);
  assert.deepEqual(await split(["", ""]), []);
});

Deno.test("LineSplitter drops the \\r of CRLF, even when the \\n comes in the next chunk", async () => {
  assert.deepEqual(await split(["a\r\nb\r", "\nc\r"]), ["a", "b", "c"]);
});
