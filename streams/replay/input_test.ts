import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { linesOf, openInput } from "./input.ts";

Deno.test("openInput() streams a file's lines and knows its size", async () => {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    await Deno.writeTextFile(path, '{"a":1}\n\n{"b":"é"}\n');
    const input = await openInput(path);
    assert.equal(input.name, path);
    assert.equal(input.size, 20);
    assert.deepEqual(await Array.fromAsync(input.lines), ['{"a":1}', "", '{"b":"é"}']);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("linesOf() decodes a character whose bytes are cut across chunks", async () => {
  const bytes = new TextEncoder().encode("né\nx");
  const chunks = ReadableStream.from([bytes.slice(0, 2), bytes.slice(2)]);
  const input = linesOf("stdin", chunks, undefined);
  assert.equal(input.size, undefined);
  assert.deepEqual(await Array.fromAsync(input.lines), ["né", "x"]);
});

Deno.test("openInput() refuses a missing file or a directory with E7500", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const [path, message] of [[`${dir}/missing.jsonl`, /cannot open .*missing\.jsonl/], [dir, /is a directory/]]) {
      await assert.rejects(openInput(path as string), (error) => {
        assert.ok(error instanceof AtlasError);
        assert.equal(error.code, "E7500");
        assert.match(error.message, message as RegExp);
        return true;
      });
    }
  } finally {
    await Deno.remove(dir);
  }
});

Deno.test("openInput() finds a relative path from where the task was started, an absolute one as it is", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/runs.jsonl`, "{}\n");
    assert.deepEqual(await Array.fromAsync((await openInput("runs.jsonl", dir)).lines), ["{}"]);
    assert.deepEqual(await Array.fromAsync((await openInput(`${dir}/runs.jsonl`, "/elsewhere")).lines), ["{}"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
