import assert from "node:assert/strict";
import { toJsonl } from "./jsonl.ts";
import { promptCompletionLine, promptCompletionLines, promptSeparator } from "./prompt_completion.ts";
import { dataset, example, jsonlLines, row, source } from "./test_examples.ts";

const one = [row("train", example("a", "sum", 90, { input: "2+2?", output: "4" }))];

Deno.test('promptCompletionLines() ends the prompt with "\\n\\n" and leaves the completion as it is', async () => {
  assert.equal(promptSeparator, "\n\n");
  assert.deepEqual(await Array.fromAsync(promptCompletionLines(source(one), {})), [
    { prompt: "2+2?\n\n", completion: "4" },
  ]);
});

Deno.test("promptCompletionLines() puts a given system prompt and a blank line before the input", async () => {
  assert.deepEqual(await Array.fromAsync(promptCompletionLines(source(one), { system: "Be brief." })), [
    { prompt: "Be brief.\n\n2+2?\n\n", completion: "4" },
  ]);
});

Deno.test("promptCompletionLines() gives one valid line per row, and the same through JSONL", async () => {
  for (const options of [{}, { system: "You are exact." }]) {
    const lines = await Array.fromAsync(promptCompletionLines(source(dataset), options));
    assert.equal(lines.length, dataset.length);
    for (const line of lines) promptCompletionLine.parse(line);
    const read = (await jsonlLines(toJsonl(promptCompletionLines(source(dataset), options)))).map((l) => JSON.parse(l));
    assert.deepEqual(read, lines);
    for (const line of read) promptCompletionLine.parse(line);
  }
});

Deno.test("promptCompletionLine refuses a prompt without the separator, an empty completion and extra keys", () => {
  promptCompletionLine.parse({ prompt: "q\n\n", completion: "a" });
  assert.throws(() => promptCompletionLine.parse({ prompt: "q", completion: "a" }));
  assert.throws(() => promptCompletionLine.parse({ prompt: "\n\n", completion: "a" }));
  assert.throws(() => promptCompletionLine.parse({ prompt: "q\n\n", completion: "" }));
  assert.throws(() => promptCompletionLine.parse({ prompt: "q\n\n", completion: "a", weight: 1 }));
});
