import assert from "node:assert/strict";
import { chatLine, chatLines } from "./chat.ts";
import { toJsonl } from "./jsonl.ts";
import { dataset, example, jsonlLines, row, source } from "./test_examples.ts";

const one = [row("train", example("a", "sum", 90, { input: "2+2?", output: "4" }))];

Deno.test("chatLines() writes user then assistant, and nothing else, when no system is given", async () => {
  assert.deepEqual(await Array.fromAsync(chatLines(source(one), {})), [
    { messages: [{ role: "user", content: "2+2?" }, { role: "assistant", content: "4" }] },
  ]);
});

Deno.test("chatLines() puts the system message first only when one is given", async () => {
  const [line] = await Array.fromAsync(chatLines(source(one), { system: "Be brief." }));
  assert.deepEqual(line?.messages.map((m) => m.role), ["system", "user", "assistant"]);
  assert.deepEqual(line?.messages[0], { role: "system", content: "Be brief." });
  const [blank] = await Array.fromAsync(chatLines(source(one), { system: "  " }));
  assert.deepEqual(blank?.messages.map((m) => m.role), ["user", "assistant"]);
});

Deno.test("chatLines() gives one valid line per row, and the same through JSONL", async () => {
  for (const options of [{}, { system: "You are exact." }]) {
    const lines = await Array.fromAsync(chatLines(source(dataset), options));
    assert.equal(lines.length, dataset.length);
    for (const line of lines) chatLine.parse(line);
    const read = (await jsonlLines(toJsonl(chatLines(source(dataset), options)))).map((l) => JSON.parse(l));
    assert.deepEqual(read, lines);
    for (const line of read) chatLine.parse(line);
  }
});

Deno.test("chatLine refuses extra keys, empty content and turns out of order", () => {
  const valid = { messages: [{ role: "user", content: "q" }, { role: "assistant", content: "a" }] };
  chatLine.parse(valid);
  assert.throws(() => chatLine.parse({ ...valid, id: "a" }));
  assert.throws(() => chatLine.parse({ messages: [{ role: "user", content: "q", name: "x" }, valid.messages[1]] }));
  assert.throws(() => chatLine.parse({ messages: [{ role: "user", content: "" }, valid.messages[1]] }));
  assert.throws(() => chatLine.parse({ messages: [...valid.messages].reverse() }));
  assert.throws(() => chatLine.parse({ messages: [...valid.messages, { role: "system", content: "s" }] }));
});
