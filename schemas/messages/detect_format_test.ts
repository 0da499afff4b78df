import assert from "node:assert/strict";
import { detectFormat } from "./detect_format.ts";
import { rejection as thrown } from "../../tests/support/rejection.ts";

const rejection = (messages: unknown[]) => thrown(() => detectFormat(messages));

const chat = [
  { role: "system", content: "Be helpful." },
  { role: "user", content: "Weather in Paris?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [{ id: "c1", type: "function", function: { name: "w", arguments: "{}" } }],
  },
  { role: "tool", tool_call_id: "c1", content: "18°C" },
];
const responses = [
  { role: "user", content: "Weather in Paris?" },
  { type: "function_call", call_id: "c1", name: "w", arguments: "{}" },
  { type: "function_call_output", call_id: "c1", output: "18°C" },
];
const anthropic = [
  { role: "user", content: "Weather in Paris?" },
  { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "w", input: {} }] },
  { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "18°C" }] },
];

Deno.test("detectFormat() tells the three formats apart by their tool calls", () => {
  assert.equal(detectFormat(chat), "openai-chat");
  assert.equal(detectFormat(responses), "openai-responses");
  assert.equal(detectFormat(anthropic), "anthropic");
});

Deno.test("detectFormat() tells them apart by content parts alone", () => {
  const image = { type: "image_url", image_url: { url: "https://x.example/a.png" } };
  assert.equal(detectFormat([{ role: "user", content: [{ type: "text", text: "a" }, image] }]), "openai-chat");
  assert.equal(detectFormat([{ role: "user", content: [{ type: "input_text", text: "a" }] }]), "openai-responses");
  assert.equal(
    detectFormat([{
      role: "user",
      content: [{ type: "image", source: { type: "url", url: "https://x.example/a.png" } }],
    }]),
    "anthropic",
  );
  assert.equal(detectFormat([{ type: "reasoning", summary: [] }]), "openai-responses");
  assert.equal(detectFormat([{ role: "assistant", content: [{ type: "thinking", thinking: "hm" }] }]), "anthropic");
});

Deno.test("detectFormat() takes plain text messages, which every format reads alike, as openai-chat", () => {
  assert.equal(
    detectFormat([{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }]),
    "openai-chat",
  );
});

Deno.test("detectFormat() rejects mixed formats and messages of none, naming the message", () => {
  const mixed = rejection([...chat, anthropic[1]]);
  assert.match(mixed.message, /messages\[2\] reads as openai-chat but messages\[4\] as anthropic/);
  assert.deepEqual(mixed.details, {
    index: 4,
    path: "messages[4]",
    formats: { "openai-chat": 2, anthropic: 4 },
  });
  const unknown = rejection([{ role: "user", content: "Hi" }, { speaker: "bot", text: "Hello" }]);
  assert.match(unknown.message, /^cannot tell the message format: messages\[1\] is none of /);
});
