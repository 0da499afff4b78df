import assert from "node:assert/strict";
import type { AtlasError } from "../../errors.ts";
import { type Decoded, decodeEvent, type EventOf } from "../mod.ts";

const envelope = { specversion: "1.0", id: "e-1", source: "agent://chat", type: "atlas.trajectory" };
const messages = [
  { role: "system", content: "You are a retail agent." },
  { role: "user", content: "Where is order #W1?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [{ id: "c1", type: "function", function: { name: "get_order", arguments: '{"id":"#W1"}' } }],
  },
  { role: "tool", tool_call_id: "c1", content: '{"status":"shipped"}' },
  { role: "assistant", content: "It has shipped." },
];
const data = { trajectoryId: "t-1", task: { description: "Track an order" }, messages, outcome: "success" };

function accepted(decoded: Decoded): EventOf<"atlas.trajectory"> {
  if (!decoded.ok) assert.fail(`expected the event to be accepted: ${decoded.error.message}`);
  assert.equal(decoded.event.type, "atlas.trajectory");
  return decoded.event as EventOf<"atlas.trajectory">;
}

function rejected(decoded: Decoded): AtlasError {
  assert.equal(decoded.ok, false, "expected the event to be rejected");
  return (decoded as Extract<Decoded, { ok: false }>).error;
}

Deno.test("decodeEvent() reads an atlas.trajectory's messages into its steps, the format found and kept", () => {
  const event = accepted(decodeEvent({ ...envelope, data }));
  assert.deepEqual(event.data.steps.map((s) => [s.index, s.kind, s.role, s.tool?.name]), [
    [0, "message", "user", undefined],
    [1, "tool_call", "assistant", "get_order"],
    [2, "tool_result", "tool", "get_order"],
    [3, "message", "assistant", undefined],
  ]);
  assert.deepEqual(event.data.metadata, { format: "openai-chat" });
  assert.equal("messages" in event.data, false);
  // Decoded again (from the embedded log), it is an event with steps like any other.
  assert.deepEqual(accepted(decodeEvent(JSON.parse(JSON.stringify(event)))).data, event.data);
});

Deno.test("decodeEvent() takes the format given, keeps the metadata, and takes the task from the user when absent", () => {
  const { task: _task, ...untasked } = data;
  const event = accepted(decodeEvent({
    ...envelope,
    data: {
      ...untasked,
      format: "anthropic",
      system: "Be brief.",
      metadata: { team: "support" },
      messages: [{ role: "user", content: "Where is order #W1?" }, {
        role: "assistant",
        content: [{ type: "text", text: "Shipped." }],
      }],
    },
  }));
  assert.deepEqual(event.data.task, { description: "Where is order #W1?" });
  assert.deepEqual(event.data.metadata, { team: "support", format: "anthropic" });
  assert.equal(event.data.steps.length, 2);
});

Deno.test("decodeEvent() rejects bad messages with E7034 naming the message under data", () => {
  const bad = messages.map((m, i) => (i === 3 ? { role: "tool", content: "x" } : m));
  const error = rejected(decodeEvent({ ...envelope, data: { ...data, messages: bad } }));
  assert.equal(error.code, "E7034");
  assert.equal(error.message, "data.messages[3].tool_call_id: must be a non-empty string, got nothing");
  assert.deepEqual(error.details, { index: 3, path: "data.messages[3].tool_call_id" });

  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...data, steps: [] }, /^data.messages: carries both "steps" and "messages"/],
    [{ ...data, format: "gemini" }, /^data.format: format must be one of openai-chat, openai-responses, anthropic/],
    [{ ...data, messages: "hello" }, /^data.messages: messages must be a list/],
    [{ ...data, messages: [] }, /^data.messages: messages is empty/],
  ];
  for (const [payload, message] of cases) {
    const error = rejected(decodeEvent({ ...envelope, data: payload }));
    assert.equal(error.code, "E7034");
    assert.match(error.message, message);
  }
});

Deno.test("decodeEvent() still checks the rest of a trajectory carrying messages against the contract", () => {
  const { outcome: _outcome, ...noOutcome } = data;
  const error = rejected(decodeEvent({ ...envelope, data: noOutcome }));
  assert.equal(error.code, "E7003");
  assert.match(error.message, /data.outcome/);
});
