import assert from "node:assert/strict";
import { decodeRecord } from "./decode.ts";
import type { SourceRecord } from "./source.ts";

const record = (value: unknown): SourceRecord => ({
  position: { topic: "atlas.traces", partition: 0, offset: 7 },
  key: "claude-1",
  value: JSON.stringify(value),
  headers: {},
  timestamp: 1_700_000_000_000,
});
const trajectory = (messages: unknown[]) => ({
  specversion: "1.0",
  id: "e-1",
  source: "agent://claude",
  type: "atlas.trajectory",
  data: { trajectoryId: "claude-1", format: "anthropic", messages, outcome: "failure" },
});
const messages = [
  { role: "user", content: "List the files." },
  { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "bash", input: { command: "ls" } }] },
  { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "ls: denied", is_error: true }] },
];

Deno.test("decodeRecord() reads a whole trajectory's messages from the topic into its steps", () => {
  const item = decodeRecord(record(trajectory(messages)));
  assert.equal(item.kind, "event");
  const event = (item as Extract<typeof item, { kind: "event" }>).event;
  assert.ok(event.type === "atlas.trajectory");
  assert.deepEqual(event.data.steps.map((s) => [s.kind, s.tool?.name, s.status]), [
    ["message", undefined, undefined],
    ["tool_call", "bash", undefined],
    ["tool_result", "bash", "error"],
  ]);
});

Deno.test("decodeRecord() makes a record with a bad message log an invalid item with E7034, for the dead letters", () => {
  const bad = messages.map((
    m,
    i,
  ) => (i === 1 ? { role: "assistant", content: [{ type: "tool_use", name: "bash" }] } : m));
  const item = decodeRecord(record(trajectory(bad)));
  assert.equal(item.kind, "invalid");
  const { error } = item as Extract<typeof item, { kind: "invalid" }>;
  assert.equal(error.code, "E7034");
  assert.equal(error.message, "data.messages[1].content[0].id: must be a non-empty string, got nothing");
});
