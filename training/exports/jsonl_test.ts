import assert from "node:assert/strict";
import { toJsonl } from "./jsonl.ts";
import { jsonlLines } from "./test_examples.ts";

/** A source that counts its pulls and notes when it is closed. */
function counted(values: readonly unknown[], failAfter = Infinity) {
  const state = { pulled: 0, closed: false };
  async function* lines() {
    try {
      for (const value of values) {
        if (state.pulled === failAfter) throw new Error("source failed");
        state.pulled++;
        yield value;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, lines: lines() };
}

Deno.test("toJsonl() writes one UTF-8 JSON line per value, each ended by a newline", async () => {
  const values = [{ text: "two\nlines" }, { text: "«…» ✓ 🦕", n: 1.5 }, "plain", null, [1, 2]];
  const stream = toJsonl(counted(values).lines);
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  assert.equal(text.split("\n").length, values.length + 1);
  assert.ok(text.endsWith("\n"));
  assert.deepEqual(text.slice(0, -1).split("\n").map((l) => JSON.parse(l)), values);
});

Deno.test("toJsonl() of nothing is an empty stream", async () => {
  assert.deepEqual(await jsonlLines(toJsonl(counted([]).lines)), []);
});

Deno.test("toJsonl() pulls a value only when a chunk is read", async () => {
  const { state, lines } = counted([{ a: 1 }, { a: 2 }, { a: 3 }]);
  const reader = toJsonl(lines).getReader();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(state.pulled, 0);
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), '{"a":1}\n');
  assert.equal(state.pulled, 1);
  await reader.read();
  assert.equal(state.pulled, 2);
  await reader.cancel();
});

Deno.test("toJsonl() closes the source when the reader cancels", async () => {
  const { state, lines } = counted([1, 2, 3]);
  const reader = toJsonl(lines).getReader();
  await reader.read();
  await reader.cancel("client gone");
  assert.equal(state.closed, true);
  assert.equal(state.pulled, 1);
});

Deno.test("toJsonl() sends the whole lines before a source failure, then errors", async () => {
  const { state, lines } = counted([1, 2, 3], 2);
  const reader = toJsonl(lines).getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), "1\n");
  assert.equal(new TextDecoder().decode((await reader.read()).value), "2\n");
  await assert.rejects(reader.read(), /source failed/);
  assert.equal(state.closed, true);
});

Deno.test("toJsonl() errors on a value JSON cannot write, and closes the source", async () => {
  const { state, lines } = counted([1, undefined, 3]);
  await assert.rejects(new Response(toJsonl(lines)).text(), TypeError);
  assert.equal(state.closed, true);
  assert.equal(state.pulled, 2);
});
