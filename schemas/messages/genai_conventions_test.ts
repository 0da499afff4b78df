import assert from "node:assert/strict";
import { detectFormat } from "./detect_format.ts";
import { genaiMessages } from "./genai_conventions.ts";

Deno.test("genaiMessages() reads the GenAI conventions' parts: text, reasoning, tool calls and their answers", () => {
  const messages = genaiMessages([
    { role: "user", parts: [{ type: "text", content: "How many rows?" }] },
    {
      role: "assistant",
      parts: [
        { type: "reasoning", content: "Count them in SQL." },
        { type: "tool_call", id: "q1", name: "run_sql", arguments: { query: "SELECT count(*) FROM t" } },
      ],
    },
    { role: "tool", parts: [{ type: "tool_call_response", id: "q1", response: [[42]] }] },
    { role: "assistant", parts: [{ type: "text", content: "42 rows." }, { type: "image", uri: "x" }] },
  ], { system: "You are a data agent." });
  assert.deepEqual(messages.map((m) => [m.role, m.parts.map((p) => p.type)]), [
    ["system", ["text"]],
    ["user", ["text"]],
    ["assistant", ["reasoning", "tool_call"]],
    ["tool", ["tool_call_response"]],
    ["assistant", ["text", "text"]],
  ]);
});

Deno.test("genaiMessages() names the message that has no role or no parts (E7034)", () => {
  assert.throws(() => genaiMessages([{ role: "user", content: "hi" }]), {
    code: "E7034",
    message: /^messages\[0\]\.parts: must be a list of parts/,
  });
  assert.throws(() => genaiMessages([{ parts: [] }]), { code: "E7034", message: /^messages\[0\]\.role/ });
  assert.throws(() => genaiMessages([{ role: "robot", parts: [] }]), { code: "E7034", message: /role/ });
});

Deno.test("detectFormat() takes messages with parts for the GenAI conventions (otlp-json)", () => {
  assert.equal(detectFormat([{ role: "user", parts: [{ type: "text", content: "hi" }] }]), "otlp-json");
});
