import assert from "node:assert/strict";
import { importFormats } from "./formats.ts";
import { type ImportCounts, importLineDecoder } from "./import_line.ts";

const run = {
  id: "run-1",
  task: "Greet the user",
  messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello! How can I help?" }],
  reward: 1,
};

function decoder(outcome?: "success") {
  const counts: ImportCounts = { runs: 0, steps: 0 };
  const context = outcome ? { source: "import://openai-chat", outcome } : { source: "import://openai-chat" };
  return { counts, decode: importLineDecoder(importFormats["openai-chat"], context, counts) };
}

Deno.test("importLineDecoder() turns a run into one atlas.trajectory event keyed and identified by its trajectory", () => {
  const { counts, decode } = decoder();
  const decoded = decode(JSON.stringify(run), 4);
  assert.ok(decoded.ok);
  assert.equal(decoded.events.length, 1);
  const [line] = decoded.events;
  assert.equal(line?.line, 4);
  assert.equal(line?.key, "run-1");
  const event = JSON.parse(line!.text);
  assert.deepEqual(
    {
      id: event.id,
      source: event.source,
      type: event.type,
      outcome: event.data.outcome,
      steps: event.data.steps.length,
    },
    { id: "run-1", source: "import://openai-chat", type: "atlas.trajectory", outcome: "success", steps: 2 },
  );
  assert.deepEqual(counts, { runs: 1, steps: 2 });
  // The same line again is the same event: a re-import is a duplicate.
  const again = decode(JSON.stringify(run), 9);
  assert.ok(again.ok);
  assert.equal(again.events[0]?.text, line?.text);
});

Deno.test("importLineDecoder() rejects a line with its number and code, and counts nothing of it", () => {
  const { counts, decode } = decoder();
  const rejection = (text: string) => {
    const decoded = decode(text, 7);
    assert.equal(decoded.ok, false);
    return decoded.ok ? undefined : decoded.rejection;
  };
  assert.equal(rejection("{oops")?.code, "E7001");
  assert.deepEqual(rejection(JSON.stringify({ ...run, messages: [{ role: "tool", content: "x" }] })), {
    line: 7,
    code: "E7034",
    message: "messages[0].tool_call_id: must be a non-empty string, got nothing",
  });
  const { reward: _reward, ...unscored } = run;
  assert.match(rejection(JSON.stringify(unscored))?.message ?? "", /pass --outcome/);
  assert.equal(rejection(JSON.stringify({ ...run, id: "" }))?.code, "E7034");
  assert.deepEqual(counts, { runs: 0, steps: 0 });

  const withDefault = decoder("success");
  assert.ok(withDefault.decode(JSON.stringify(unscored), 1).ok);
});
