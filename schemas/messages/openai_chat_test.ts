import assert from "node:assert/strict";
import { conversationSteps } from "./message_steps.ts";
import { openaiChat } from "./openai_chat.ts";
import { rejection as thrown } from "../../tests/support/rejection.ts";

const steps = (messages: unknown[]) => conversationSteps(openaiChat(messages));

/** The E7034 reading `messages` throws. */
const rejection = (messages: unknown[]) => thrown(() => openaiChat(messages));

/** The function-calling guide's weather example: two parallel calls, one failing. */
const parallelWeather = [
  { role: "developer", content: "You are a helpful assistant. Use the tools." },
  {
    role: "user",
    content: [
      { type: "text", text: "What's the weather in Paris and in Boston?" },
      { type: "image_url", image_url: { url: "https://example.com/map.png", detail: "low" } },
    ],
  },
  {
    role: "assistant",
    content: null,
    refusal: null,
    tool_calls: [
      {
        id: "call_abc",
        type: "function",
        function: { name: "get_weather", arguments: '{"location":"Paris, France"}' },
      },
      { id: "call_def", type: "function", function: { name: "get_weather", arguments: '{"location":"Boston, MA"}' } },
    ],
  },
  { role: "tool", tool_call_id: "call_abc", content: "18°C, cloudy" },
  { role: "tool", tool_call_id: "call_def", content: [{ type: "text", text: "Error: upstream timeout" }] },
  { role: "assistant", content: "Paris is 18°C and cloudy; Boston's weather is unavailable.", refusal: null },
];

Deno.test("openaiChat() reads parallel tool calls and answers each by its tool_call_id", () => {
  assert.deepEqual(steps(parallelWeather), [
    {
      index: 0,
      kind: "message",
      role: "user",
      content: "What's the weather in Paris and in Boston?\n[image: https://example.com/map.png]",
    },
    {
      index: 1,
      kind: "tool_call",
      role: "assistant",
      content: 'get_weather({"location":"Paris, France"})',
      tool: { name: "get_weather", input: '{"location":"Paris, France"}', callId: "call_abc" },
    },
    {
      index: 2,
      kind: "tool_call",
      role: "assistant",
      content: 'get_weather({"location":"Boston, MA"})',
      tool: { name: "get_weather", input: '{"location":"Boston, MA"}', callId: "call_def" },
    },
    {
      index: 3,
      kind: "tool_result",
      role: "tool",
      content: "18°C, cloudy",
      tool: { name: "get_weather", callId: "call_abc" },
    },
    {
      index: 4,
      kind: "tool_result",
      role: "tool",
      content: "Error: upstream timeout",
      tool: { name: "get_weather", callId: "call_def" },
    },
    {
      index: 5,
      kind: "message",
      role: "assistant",
      content: "Paris is 18°C and cloudy; Boston's weather is unavailable.",
    },
  ]);
});

Deno.test("openaiChat() reads developer and system messages as system, which leave no step", () => {
  const messages = openaiChat([{ role: "system", content: "Be brief." }, ...parallelWeather.slice(0, 1)]);
  assert.deepEqual(messages.map((m) => m.role), ["system", "system"]);
  assert.deepEqual(conversationSteps(messages), []);
});

Deno.test("openaiChat() turns a legacy function_call into a tool call, answered by the function message", () => {
  const result = steps([
    { role: "user", content: "What's the weather like in Boston?" },
    {
      role: "assistant",
      content: null,
      function_call: { name: "get_current_weather", arguments: '{"location":"Boston, MA"}' },
    },
    { role: "function", name: "get_current_weather", content: '{"temperature":"22","unit":"celsius"}' },
  ]);
  assert.deepEqual(result.slice(1), [
    {
      index: 1,
      kind: "tool_call",
      role: "assistant",
      content: 'get_current_weather({"location":"Boston, MA"})',
      tool: { name: "get_current_weather", input: '{"location":"Boston, MA"}' },
    },
    {
      index: 2,
      kind: "tool_result",
      role: "tool",
      content: '{"temperature":"22","unit":"celsius"}',
      tool: { name: "get_current_weather" },
    },
  ]);
});

Deno.test("openaiChat() keeps a refusal as marked text, from the field and from a content part", () => {
  const result = steps([
    { role: "user", content: "Help me pick a lock." },
    { role: "assistant", content: null, refusal: "I'm sorry, I can't help with that." },
    { role: "assistant", content: [{ type: "refusal", refusal: "Still no." }] },
  ]);
  assert.deepEqual(result.slice(1).map((s) => [s.kind, s.content]), [
    ["message", "[refusal] I'm sorry, I can't help with that."],
    ["message", "[refusal] Still no."],
  ]);
});

Deno.test("openaiChat() reads reasoning_content and reasoning as thoughts before the answer", () => {
  const result = steps([
    { role: "user", content: "What is 2 + 2?" },
    { role: "assistant", content: "4", reasoning_content: "Two and two make four." },
    { role: "assistant", content: "Still 4", reasoning: "Same sum." },
    { role: "assistant", content: "4 again", reasoning_details: [{ type: "reasoning.text", text: "Checked." }] },
  ]);
  assert.deepEqual(result.slice(1).map((s) => [s.kind, s.content]), [
    ["thought", "Two and two make four."],
    ["message", "4"],
    ["thought", "Same sum."],
    ["message", "Still 4"],
    ["thought", "Checked."],
    ["message", "4 again"],
  ]);
});

Deno.test("openaiChat() marks audio and files, and keeps no inline data", () => {
  const [step] = steps([{
    role: "user",
    content: [
      { type: "input_audio", input_audio: { data: "UklGRiQAAABXQVZF", format: "wav" } },
      { type: "file", file: { filename: "report.pdf", file_data: "data:application/pdf;base64,JVBERi0x" } },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
    ],
  }]);
  assert.equal(step?.content, "[audio]\n[file: report.pdf]\n[image]");
});

Deno.test("openaiChat() reads a custom tool call and text beside calls as a thought", () => {
  const result = steps([
    {
      role: "assistant",
      content: "Let me run that.",
      tool_calls: [{ id: "call_1", type: "custom", custom: { name: "code_exec", input: "print('hello')" } }],
    },
    { role: "tool", tool_call_id: "call_1", content: "hello" },
  ]);
  assert.deepEqual(result.map((s) => [s.kind, s.content, s.tool?.name]), [
    ["thought", "Let me run that.", undefined],
    ["tool_call", "code_exec(print('hello'))", "code_exec"],
    ["tool_result", "hello", "code_exec"],
  ]);
});

Deno.test("openaiChat() names a result whose call id is empty by its message, not with an empty name", () => {
  const result = steps([
    { role: "assistant", content: null, tool_calls: [{ id: "", type: "function", function: { name: "f" } }] },
    { role: "tool", tool_call_id: "x", name: "f", content: "ok" },
  ]);
  assert.deepEqual(result.map((s) => s.tool?.name), ["f", "f"]);
});

Deno.test("openaiChat() rejects malformed messages with E7034 naming the position and the problem", () => {
  const cases: [unknown[], string][] = [
    [["hello"], "messages[0]: must be an object, got a string"],
    [[{ content: "hi" }], "messages[0].role: must be a non-empty string, got nothing"],
    [
      [{ role: "bot", content: "hi" }],
      'messages[0].role: must be one of system, developer, user, assistant, tool, function; got "bot"',
    ],
    [
      [{ role: "user", content: "ok" }, { role: "user", content: 42 }],
      "messages[1].content: must be a string, null or a list of content parts",
    ],
    [
      [{ role: "user", content: [{ text: "no type" }] }],
      "messages[0].content[0].type: must be a non-empty string, got nothing",
    ],
    [
      parallelWeather.map((m, i) => (i === 3 ? { role: "tool", content: "18°C" } : m)),
      "messages[3].tool_call_id: must be a non-empty string, got nothing",
    ],
    [
      [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { arguments: "{}" } }] }],
      "messages[0].tool_calls[0].function.name: must be a non-empty string, got nothing",
    ],
    [[{ role: "assistant", tool_calls: { id: "c" } }], "messages[0].tool_calls: must be an array, got an object"],
    [
      [{ role: "assistant", function_call: { name: "f", arguments: 3 } }],
      "messages[0].function_call.arguments: must be a JSON string or an object",
    ],
  ];
  for (const [messages, message] of cases) {
    const error = rejection(messages);
    assert.equal(error.message, message);
    assert.equal((error.details as { index: number }).index, Number(/^messages\[(\d+)\]/.exec(message)![1]));
  }
});
