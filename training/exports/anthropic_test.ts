import assert from "node:assert/strict";
import { anthropicLine, anthropicLines } from "./anthropic.ts";
import { toJsonl } from "./jsonl.ts";
import { dataset, example, jsonlLines, row, source } from "./test_examples.ts";

const one = [row("train", example("a", "sum", 90, { input: "2+2?", output: "4" }))];

Deno.test("anthropicLines() has no system key when none is given", async () => {
  const [line] = await Array.fromAsync(anthropicLines(source(one), {}));
  assert.deepEqual(line, { messages: [{ role: "user", content: "2+2?" }, { role: "assistant", content: "4" }] });
  assert.equal(Object.hasOwn(line!, "system"), false);
  assert.equal(JSON.stringify(line).includes("system"), false);
});

Deno.test("anthropicLines() puts a given system at the top level, never among the messages", async () => {
  const [line] = await Array.fromAsync(anthropicLines(source(one), { system: "Be brief." }));
  assert.equal(line?.system, "Be brief.");
  assert.deepEqual(line?.messages.map((m) => m.role), ["user", "assistant"]);
});

Deno.test("anthropicLines() gives one valid line per row, and the same through JSONL", async () => {
  for (const options of [{}, { system: "You are exact." }]) {
    const lines = await Array.fromAsync(anthropicLines(source(dataset), options));
    assert.equal(lines.length, dataset.length);
    for (const line of lines) anthropicLine.parse(line);
    const read = (await jsonlLines(toJsonl(anthropicLines(source(dataset), options)))).map((l) => JSON.parse(l));
    assert.deepEqual(read, lines);
    for (const line of read) anthropicLine.parse(line);
  }
});

Deno.test("anthropicLine refuses a system message, an empty system, extra keys and turns out of order", () => {
  const messages = [{ role: "user", content: "q" }, { role: "assistant", content: "a" }];
  anthropicLine.parse({ messages });
  anthropicLine.parse({ system: "s", messages });
  assert.throws(() => anthropicLine.parse({ system: "", messages }));
  assert.throws(() => anthropicLine.parse({ messages: [{ role: "system", content: "s" }, ...messages] }));
  assert.throws(() => anthropicLine.parse({ messages, metadata: {} }));
  assert.throws(() => anthropicLine.parse({ messages: [messages[0], messages[0], messages[1]] }));
  assert.throws(() => anthropicLine.parse({ messages: [messages[1], messages[0]] }));
});
