import assert from "node:assert/strict";
import { anthropicMessages } from "./anthropic.ts";
import { conversationSteps } from "./message_steps.ts";
import { rejection as thrown } from "../../tests/support/rejection.ts";

const steps = (messages: unknown[], system?: unknown) => conversationSteps(anthropicMessages(messages, { system }));
const brief = (messages: unknown[]) =>
  steps(messages).map((
    s,
  ) => [s.kind, s.role, s.content, ...(s.tool ? [s.tool.name] : []), ...(s.status ? [s.status] : [])]);

const rejection = (messages: unknown[], system?: unknown) => thrown(() => anthropicMessages(messages, { system }));

/** The tool-use guide's weather example, with extended thinking on. */
const weatherRun = [
  { role: "user", content: "What's the weather like in San Francisco?" },
  {
    role: "assistant",
    content: [
      { type: "thinking", thinking: "The user wants the weather; I have get_weather.", signature: "EqQBCgIYAhIM1gbc" },
      { type: "text", text: "I'll check the current weather in San Francisco for you." },
      {
        type: "tool_use",
        id: "toolu_01A09q90qw90lq917835lq9",
        name: "get_weather",
        input: { location: "San Francisco, CA" },
      },
    ],
  },
  {
    role: "user",
    content: [{ type: "tool_result", tool_use_id: "toolu_01A09q90qw90lq917835lq9", content: "15 degrees" }],
  },
  { role: "assistant", content: [{ type: "text", text: "It's 15 degrees in San Francisco." }] },
];

Deno.test("anthropicMessages() reads thinking, tool use and its tool_result, and leaves the system prompt out of the steps", () => {
  const messages = anthropicMessages(weatherRun, { system: "You are a weather assistant." });
  assert.equal(messages[0]?.role, "system");
  assert.deepEqual(conversationSteps(messages), [
    { index: 0, kind: "message", role: "user", content: "What's the weather like in San Francisco?" },
    { index: 1, kind: "thought", role: "assistant", content: "The user wants the weather; I have get_weather." },
    {
      index: 2,
      kind: "thought",
      role: "assistant",
      content: "I'll check the current weather in San Francisco for you.",
    },
    {
      index: 3,
      kind: "tool_call",
      role: "assistant",
      content: 'get_weather({"location":"San Francisco, CA"})',
      tool: { name: "get_weather", input: { location: "San Francisco, CA" }, callId: "toolu_01A09q90qw90lq917835lq9" },
    },
    {
      index: 4,
      kind: "tool_result",
      role: "tool",
      content: "15 degrees",
      tool: { name: "get_weather", callId: "toolu_01A09q90qw90lq917835lq9" },
    },
    { index: 5, kind: "message", role: "assistant", content: "It's 15 degrees in San Francisco." },
  ]);
});

Deno.test("anthropicMessages() reads parallel tool use, an is_error result, and the user's words after the results", () => {
  assert.deepEqual(
    brief([
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "toolu_1", name: "get_weather", input: { location: "Paris" } },
          { type: "tool_use", id: "toolu_2", name: "get_time", input: { timezone: "Europe/Paris" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "18°C" }] },
          { type: "tool_result", tool_use_id: "toolu_2", content: "Error: unknown timezone", is_error: true },
          { type: "text", text: "Also, is it raining?" },
        ],
      },
    ]),
    [
      ["tool_call", "assistant", 'get_weather({"location":"Paris"})', "get_weather"],
      ["tool_call", "assistant", 'get_time({"timezone":"Europe/Paris"})', "get_time"],
      ["tool_result", "tool", "18°C", "get_weather"],
      ["tool_result", "tool", "Error: unknown timezone", "get_time", "error"],
      ["message", "user", "Also, is it raining?"],
    ],
  );
});

Deno.test("anthropicMessages() reads server tools: web search results by title and URL, and a search error", () => {
  assert.deepEqual(
    brief([
      { role: "user", content: "Who won the 2026 final?" },
      {
        role: "assistant",
        content: [
          { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "2026 final winner" } },
          {
            type: "web_search_tool_result",
            tool_use_id: "srvtoolu_1",
            content: [{
              type: "web_search_result",
              title: "Final report",
              url: "https://news.example/final",
              encrypted_content: "EqgfCioIARgBIiQ3YTAw",
              page_age: "April 30, 2026",
            }],
          },
          { type: "server_tool_use", id: "srvtoolu_2", name: "web_search", input: { query: "final score" } },
          {
            type: "web_search_tool_result",
            tool_use_id: "srvtoolu_2",
            content: { type: "web_search_tool_result_error", error_code: "max_uses_exceeded" },
          },
          { type: "text", text: "Team A won." },
        ],
      },
    ]),
    [
      ["message", "user", "Who won the 2026 final?"],
      ["tool_call", "assistant", 'web_search({"query":"2026 final winner"})', "web_search"],
      ["tool_result", "tool", "Final report https://news.example/final", "web_search"],
      ["tool_call", "assistant", 'web_search({"query":"final score"})', "web_search"],
      ["tool_result", "tool", "error: max_uses_exceeded", "web_search", "error"],
      ["message", "assistant", "Team A won."],
    ],
  );
});

Deno.test("anthropicMessages() reads code execution output, a non-zero exit being an error", () => {
  const [, result] = steps([
    {
      role: "assistant",
      content: [{ type: "server_tool_use", id: "s1", name: "code_execution", input: { code: "1/0" } }],
    },
    {
      role: "assistant",
      content: [{
        type: "code_execution_tool_result",
        tool_use_id: "s1",
        content: {
          type: "code_execution_result",
          stdout: "",
          stderr: "ZeroDivisionError",
          return_code: 1,
          content: [],
        },
      }],
    },
  ]);
  assert.deepEqual([result?.content, result?.status, result?.tool?.name], [
    "ZeroDivisionError\nexit code 1",
    "error",
    "code_execution",
  ]);
});

Deno.test("anthropicMessages() marks images and documents, and leaves redacted thinking out", () => {
  assert.deepEqual(
    brief([
      {
        role: "user",
        content: [
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          { type: "image", source: { type: "url", url: "https://example.com/chart.png" } },
          {
            type: "document",
            source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
            title: "Q3 report",
          },
          { type: "text", text: "Summarise these." },
        ],
      },
      {
        role: "assistant",
        content: [{ type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix" }, { type: "text", text: "Revenue grew." }],
      },
    ]),
    [
      ["message", "user", "[image]\n[image: https://example.com/chart.png]\n[document: Q3 report]\nSummarise these."],
      ["message", "assistant", "Revenue grew."],
    ],
  );
});

Deno.test("anthropicMessages() takes the system prompt as a string or as text blocks", () => {
  for (const system of ["Be brief.", [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }]]) {
    assert.deepEqual(anthropicMessages([{ role: "user", content: "Hi" }], { system })[0], {
      role: "system",
      parts: [{ type: "text", content: "Be brief." }],
    });
  }
});

Deno.test("anthropicMessages() rejects malformed messages with E7034 naming the position and the problem", () => {
  const cases: [unknown[], string][] = [
    [
      [{ role: "system", content: "x" }],
      'messages[0].role: must be "user" or "assistant", got "system" (a system prompt goes in "system")',
    ],
    [[{ role: "user", content: 7 }], "messages[0].content: must be a string or a list of content blocks, got a number"],
    [
      weatherRun.map((m, i) => (i === 2 ? { role: "user", content: [{ type: "tool_result", content: "x" }] } : m)),
      "messages[2].content[0].tool_use_id: must be a non-empty string, got nothing",
    ],
    [
      [{ role: "assistant", content: [{ type: "tool_use", name: "f", input: {} }] }],
      "messages[0].content[0].id: must be a non-empty string, got nothing",
    ],
    [
      [{ role: "assistant", content: [{ type: "thinking" }] }],
      "messages[0].content[0].thinking: must be a string, got nothing",
    ],
  ];
  for (const [messages, message] of cases) assert.equal(rejection(messages).message, message);
  assert.equal(rejection([], 3).message, "system: must be a string or a list of text blocks, got a number");
});
