import assert from "node:assert/strict";
import type { Trajectory } from "../../learning/trajectory.ts";
import { trajectoryInput, trajectoryOutput } from "./render_trajectory.ts";

const trajectory: Trajectory = {
  id: "t-1",
  task: { description: "Paramore is not from Tennessee.", family: "fact-verification" },
  outcome: "success",
  score: 1,
  // Out of order on purpose: rendering follows the index, not arrival.
  steps: [
    { index: 2, kind: "observation", content: "Paramore is an American rock band from Franklin, Tennessee." },
    { index: 0, kind: "thought", content: "I should search for Paramore." },
    { index: 1, kind: "action", content: "Search[Paramore]", tool: { name: "Search", input: "Paramore" } },
    { index: 3, kind: "tool_call", content: "", tool: { name: "python", input: { code: "1+1", timeout: 5 } } },
    { index: 4, kind: "tool_result", content: "", tool: { name: "python", output: { stdout: "2" } } },
    {
      index: 5,
      kind: "action",
      content: "Check the band's page.",
      code: { language: "javascript", source: 'await bot.chat("hi");\n' },
    },
    { index: 6, kind: "observation", content: "TypeError: bot is undefined", status: "error" },
    { index: 7, kind: "action", content: "Lookup[founded]", error: { message: "no page loaded" } },
    { index: 8, kind: "message", role: "user", content: "Are you sure?" },
    { index: 9, kind: "message", content: "Yes." },
    { index: 10, kind: "action", content: "Finish[REFUTES]" },
  ],
};

Deno.test("trajectoryInput() is the task's description, or empty without a task", () => {
  assert.equal(trajectoryInput(trajectory), "Paramore is not from Tennessee.");
  assert.equal(trajectoryInput({ ...trajectory, task: null }), "");
});

Deno.test("trajectoryOutput() renders every step in index order as a ReAct transcript", () => {
  assert.equal(
    trajectoryOutput(trajectory),
    [
      "Thought: I should search for Paramore.",
      "Action: Search[Paramore]",
      "Observation: Paramore is an American rock band from Franklin, Tennessee.",
      'Action: python[{"code":"1+1","timeout":5}]',
      'Observation: {"stdout":"2"}',
      "Action: Check the band's page.",
      "```javascript",
      'await bot.chat("hi");',
      "```",
      "Observation: TypeError: bot is undefined",
      "Error: the step failed",
      "Action: Lookup[founded]",
      "Error: no page loaded",
      "user: Are you sure?",
      "assistant: Yes.",
      "Action: Finish[REFUTES]",
    ].join("\n"),
  );
});

Deno.test("trajectoryOutput() writes a code step's source once when the content repeats it", () => {
  const source = 'async function mineWoodLog(bot) {\n  await mineBlock(bot, "oak_log", 1);\n}\n';
  const voyager: Trajectory = {
    ...trajectory,
    steps: [{ index: 0, kind: "action", content: source, code: { language: "javascript", source } }],
  };
  assert.equal(trajectoryOutput(voyager), "Action:\n```javascript\n" + source + "```");
});

Deno.test("trajectoryOutput() caps nothing", () => {
  const long = "word ".repeat(20_000);
  const output = trajectoryOutput({ ...trajectory, steps: [{ index: 0, kind: "observation", content: long }] });
  assert.equal(output, `Observation: ${long}`);
});
