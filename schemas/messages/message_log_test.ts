import assert from "node:assert/strict";
import { messageLogTrajectory } from "./message_log.ts";
import { rejection } from "../../tests/support/rejection.ts";

const messages = [
  { role: "user", content: "Please cancel order #W123, it was a mistake." },
  { role: "assistant", content: "Done: order #W123 is cancelled." },
];

Deno.test("messageLogTrajectory() makes a whole trajectory of a run: id, task, agent, steps, outcome, score, metadata", () => {
  const data = messageLogTrajectory(
    { id: "run-7", task: "Cancel an order", model: "gpt-4.1", messages, reward: 1, metadata: { team: "support" } },
    { format: "openai-chat" },
  );
  assert.deepEqual(data, {
    trajectoryId: "run-7",
    task: { description: "Cancel an order" },
    agent: { model: "gpt-4.1" },
    steps: [
      { index: 0, kind: "message", role: "user", content: "Please cancel order #W123, it was a mistake." },
      { index: 1, kind: "message", role: "assistant", content: "Done: order #W123 is cancelled." },
    ],
    outcome: "success",
    score: 1,
    metadata: { team: "support", format: "openai-chat", reward: 1 },
  });
});

Deno.test("messageLogTrajectory() detects the format when none is given, and reads a top-level system prompt", () => {
  const data = messageLogTrajectory({
    system: "You are a support agent.",
    messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }, {
      role: "assistant",
      content: [{ type: "thinking", thinking: "Greet back." }, { type: "text", text: "Hello!" }],
    }],
    outcome: "partial",
  });
  assert.equal(data.metadata?.format, "anthropic");
  assert.deepEqual(data.steps.map((s) => s.kind), ["message", "thought", "message"]);
});

Deno.test("messageLogTrajectory() rejects what is not a run with E7034", () => {
  assert.match(rejection(() => messageLogTrajectory([messages])).message, /^a run must be a JSON object/);
  assert.match(rejection(() => messageLogTrajectory({ outcome: "success" })).message, /^messages must be a list/);
  assert.match(
    rejection(() => messageLogTrajectory({ messages: [], outcome: "success" })).message,
    /messages is empty/,
  );
  assert.match(
    rejection(() => messageLogTrajectory({ messages, outcome: "success", metadata: 3 })).message,
    /^metadata/,
  );
  const bad = rejection(() =>
    messageLogTrajectory({ messages: [...messages, { role: "tool", content: "x" }], outcome: "success" }, {
      format: "openai-chat",
    })
  );
  assert.equal(bad.message, "messages[2].tool_call_id: must be a non-empty string, got nothing");
});
