import assert from "node:assert/strict";
import { conversationSteps } from "./message_steps.ts";
import { openaiResponses } from "./openai_responses.ts";
import { rejection as thrown } from "../../tests/support/rejection.ts";

const steps = (items: unknown[]) => conversationSteps(openaiResponses(items));
const brief = (items: unknown[]) =>
  steps(items).map((s) => [s.kind, s.content, ...(s.tool ? [s.tool.name] : []), ...(s.status ? [s.status] : [])]);

const rejection = (items: unknown[]) => thrown(() => openaiResponses(items));

/** The function-calling guide's loop: input items, then the output items of two responses. */
const weatherRun = [
  { role: "developer", content: "Use the tools when you need to." },
  { role: "user", content: "What's the weather like in Paris today?" },
  { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "I should look the weather up." }] },
  {
    type: "function_call",
    id: "fc_1",
    call_id: "call_12345xyz",
    name: "get_weather",
    arguments: '{"location":"Paris, France"}',
    status: "completed",
  },
  { type: "function_call_output", call_id: "call_12345xyz", output: "18°C and cloudy" },
  {
    type: "message",
    id: "msg_1",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: "It is 18°C and cloudy in Paris.", annotations: [] }],
  },
];

Deno.test("openaiResponses() reads easy messages, reasoning, a function call, its output and the answer", () => {
  assert.deepEqual(steps(weatherRun), [
    { index: 0, kind: "message", role: "user", content: "What's the weather like in Paris today?" },
    { index: 1, kind: "thought", role: "assistant", content: "I should look the weather up." },
    {
      index: 2,
      kind: "tool_call",
      role: "assistant",
      content: 'get_weather({"location":"Paris, France"})',
      tool: { name: "get_weather", input: '{"location":"Paris, France"}', callId: "call_12345xyz" },
    },
    {
      index: 3,
      kind: "tool_result",
      role: "tool",
      content: "18°C and cloudy",
      tool: { name: "get_weather", callId: "call_12345xyz" },
    },
    { index: 4, kind: "message", role: "assistant", content: "It is 18°C and cloudy in Paris." },
  ]);
});

Deno.test("openaiResponses() reads text said before tool calls in one turn as a thought, parallel calls each", () => {
  assert.deepEqual(
    brief([
      { role: "user", content: "Weather in Paris and Oslo?" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Checking both." }] },
      { type: "function_call", call_id: "c1", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", call_id: "c2", name: "get_weather", arguments: '{"city":"Oslo"}' },
      { type: "function_call_output", call_id: "c2", output: [{ type: "input_text", text: "-3°C" }] },
      { type: "function_call_output", call_id: "c1", output: "18°C" },
    ]),
    [
      ["message", "Weather in Paris and Oslo?"],
      ["thought", "Checking both."],
      ["tool_call", 'get_weather({"city":"Paris"})', "get_weather"],
      ["tool_call", 'get_weather({"city":"Oslo"})', "get_weather"],
      ["tool_result", "-3°C", "get_weather"],
      ["tool_result", "18°C", "get_weather"],
    ],
  );
});

Deno.test("openaiResponses() marks images and files and keeps refusals as marked text", () => {
  assert.deepEqual(
    brief([
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "What is in this image?" },
          { type: "input_image", image_url: "https://example.com/cat.jpg", detail: "auto" },
          { type: "input_file", filename: "notes.pdf", file_data: "data:application/pdf;base64,JVBE" },
        ],
      },
      { type: "message", role: "assistant", content: [{ type: "refusal", refusal: "I can't identify people." }] },
    ]),
    [
      ["message", "What is in this image?\n[image: https://example.com/cat.jpg]\n[file: notes.pdf]"],
      ["message", "[refusal] I can't identify people."],
    ],
  );
});

Deno.test("openaiResponses() reads built-in tools as calls with their salient inputs and results", () => {
  const result = steps([
    { role: "user", content: "Research refunds." },
    {
      type: "web_search_call",
      id: "ws_1",
      status: "completed",
      action: {
        type: "search",
        query: "refund policy",
        sources: [{ type: "url", url: "https://shop.example/refunds" }],
      },
    },
    {
      type: "file_search_call",
      id: "fs_1",
      status: "completed",
      queries: ["refund window"],
      results: [{ file_id: "file-1", filename: "policy.pdf", score: 0.92, text: "Refunds within 30 days." }],
    },
    {
      type: "code_interpreter_call",
      id: "ci_1",
      status: "completed",
      container_id: "cntr_1",
      code: "print(30 * 24)",
      outputs: [{ type: "logs", logs: "720" }],
    },
    {
      type: "local_shell_call",
      id: "lsh_1",
      call_id: "call_sh",
      status: "completed",
      action: { type: "exec", command: ["ls", "-la"], env: { TOKEN: "secret" }, working_directory: "/srv" },
    },
    { type: "local_shell_call_output", id: "call_sh", output: "total 0" },
    { type: "computer_call", id: "cu_1", call_id: "call_cu", action: { type: "click", button: "left", x: 10, y: 20 } },
    {
      type: "computer_call_output",
      call_id: "call_cu",
      output: { type: "computer_screenshot", image_url: "data:image/png;base64,iVBOR" },
    },
    { type: "item_reference", id: "msg_0" },
  ]);
  assert.deepEqual(result.map((s) => [s.kind, s.tool?.name, s.tool?.input, s.kind === "tool_result" && s.content]), [
    ["message", undefined, undefined, false],
    ["tool_call", "web_search", { type: "search", query: "refund policy" }, false],
    ["tool_result", "web_search", undefined, "https://shop.example/refunds"],
    ["tool_call", "file_search", { queries: ["refund window"] }, false],
    [
      "tool_result",
      "file_search",
      undefined,
      '[{"filename":"policy.pdf","score":0.92,"text":"Refunds within 30 days."}]',
    ],
    ["tool_call", "code_interpreter", { code: "print(30 * 24)" }, false],
    ["tool_result", "code_interpreter", undefined, "720"],
    // The command's environment is left out: it can hold secrets.
    ["tool_call", "local_shell", { command: ["ls", "-la"], working_directory: "/srv" }, false],
    ["tool_result", "local_shell", undefined, "total 0"],
    ["tool_call", "computer", { type: "click", button: "left", x: 10, y: 20 }, false],
    ["tool_result", "computer", undefined, "[screenshot]"],
  ]);
});

Deno.test("openaiResponses() marks failed tool work as an error: an MCP error, a failing shell, a failed search", () => {
  assert.deepEqual(
    brief([
      {
        type: "mcp_call",
        id: "mcp_1",
        server_label: "deepwiki",
        name: "ask_question",
        arguments: '{"repoName":"x/y"}',
        error: "server unavailable",
      },
      { type: "shell_call", call_id: "sh_1", action: { commands: ["make test"], timeout_ms: null } },
      {
        type: "shell_call_output",
        call_id: "sh_1",
        output: [{ stdout: "", stderr: "1 test failed", outcome: { type: "exit", exit_code: 1 } }],
      },
      { type: "web_search_call", id: "ws_2", status: "failed", action: { type: "search", query: "x" } },
    ]),
    [
      ["tool_call", 'ask_question({"repoName":"x/y"})', "ask_question"],
      ["tool_result", "server unavailable", "ask_question", "error"],
      ["tool_call", 'shell({"commands":["make test"]})', "shell"],
      ["tool_result", "1 test failed", "shell", "error"],
      ["tool_call", 'web_search({"type":"search","query":"x"})', "web_search"],
      ["tool_result", "web search failed", "web_search", "error"],
    ],
  );
});

Deno.test("openaiResponses() reads custom tools, reasoning text without a summary, and leaves withheld reasoning out", () => {
  assert.deepEqual(
    brief([
      { type: "reasoning", id: "rs_1", summary: [], content: [{ type: "reasoning_text", text: "Use the grammar." }] },
      { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAAB..." },
      { type: "custom_tool_call", call_id: "call_c", name: "code_exec", input: "print('hi')" },
      { type: "custom_tool_call_output", call_id: "call_c", output: "hi" },
    ]),
    [
      ["thought", "Use the grammar."],
      ["tool_call", "code_exec(print('hi'))", "code_exec"],
      ["tool_result", "hi", "code_exec"],
    ],
  );
});

Deno.test("openaiResponses() reads a tool newer than itself by the API's naming", () => {
  assert.deepEqual(
    brief([
      { type: "tool_search_call", id: "ts_1", call_id: "call_t", arguments: { query: "calendar" } },
      { type: "tool_search_output", call_id: "call_t", output: "found 2 tools" },
    ]),
    [
      ["tool_call", 'tool_search({"query":"calendar"})', "tool_search"],
      ["tool_result", "found 2 tools", "tool_search"],
    ],
  );
});

Deno.test("openaiResponses() rejects malformed items with E7034 naming the position and the problem", () => {
  const cases: [unknown[], string][] = [
    [[42], "messages[0]: must be an object, got a number"],
    [[{ content: "no role" }], 'messages[0]: has neither a "type" nor a "role"'],
    [[{ role: "user", content: "hi" }, { type: "telepathy" }], 'messages[1].type: unknown item type "telepathy"'],
    [[{ type: "constructor" }], 'messages[0].type: unknown item type "constructor"'],
    [
      [{ type: "function_call", name: "f", arguments: "{}" }],
      "messages[0].call_id: must be a non-empty string, got nothing",
    ],
    [
      [{ type: "message", role: "critic", content: "x" }],
      'messages[0].role: must be one of system, developer, user, assistant; got "critic"',
    ],
    [
      [{ type: "message", role: "user", content: [{ type: "input_text" }] }],
      "messages[0].content[0].text: must be a string, got nothing",
    ],
  ];
  for (const [items, message] of cases) assert.equal(rejection(items).message, message);
});
