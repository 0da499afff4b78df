/**
 * `POST /v1/events` with whole trajectories that carry the provider's messages
 * instead of steps: taken like any whole trajectory, stored with the steps read
 * from the messages, and an invalid message log answered with E7034.
 *
 * @module
 */
import assert from "node:assert/strict";
import { conversationSteps, openaiResponses } from "../schemas/mod.ts";
import { cloudEvent, postEvents } from "./support/events.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { waitFor } from "./support/wait.ts";

/** A Responses API run: the input items, then the output items of two responses. */
const items = [
  { role: "user", content: "Is order #W42 refundable?" },
  { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Look the order up first." }] },
  { type: "function_call", id: "fc_1", call_id: "call_1", name: "get_order", arguments: '{"order_id":"#W42"}' },
  { type: "function_call_output", call_id: "call_1", output: '{"status":"delivered","days_ago":12}' },
  {
    type: "message",
    role: "assistant",
    content: [{ type: "output_text", text: "Yes: it was delivered 12 days ago, within the 30-day window." }],
  },
];

const trajectory = (trajectoryId: string, messages: unknown) =>
  cloudEvent("atlas.trajectory", { trajectoryId, messages, outcome: "success", score: 1 });

Deno.test("POST /v1/events takes an atlas.trajectory carrying messages and stores the steps read from them", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const res = await postEvents(app, trajectory("msg-1", items), "application/cloudevents+json");
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: 1, duplicates: 0, rejected: [] });

    await waitFor(async () => (await runtime.trajectories.get("msg-1"))?.state === "completed", {
      message: "msg-1 completed",
    });
    const stored = await (await app.request("/v1/trajectories/msg-1")).json();
    assert.equal(stored.outcome, "success");
    assert.deepEqual(stored.task, { description: "Is order #W42 refundable?" });
    assert.deepEqual(stored.metadata, { format: "openai-responses" });
    assert.deepEqual(stored.steps, conversationSteps(openaiResponses(items)));
    assert.deepEqual(stored.steps.map((s: { kind: string }) => s.kind), [
      "message",
      "thought",
      "tool_call",
      "tool_result",
      "message",
    ]);
  } finally {
    await close();
  }
});

Deno.test("POST /v1/events answers 400 E7034 for a bad message log, and rejects it by position in a batch", async () => {
  const { app, close } = await httpRuntime();
  try {
    const broken = items.map((item, i) => (i === 2 ? { type: "function_call", name: "get_order" } : item));
    const alone = await postEvents(app, trajectory("msg-bad", broken), "application/cloudevents+json");
    assert.equal(alone.status, 400);
    const { error } = await alone.json();
    assert.equal(error.code, "E7034");
    assert.equal(error.message, "data.messages[2].call_id: must be a non-empty string, got nothing");

    const batch = await postEvents(app, [trajectory("msg-2", items), trajectory("msg-bad-2", broken)]);
    assert.equal(batch.status, 202);
    const answer = await batch.json();
    assert.equal(answer.accepted, 1);
    assert.deepEqual(answer.rejected.map((r: { index: number; error: { code: string } }) => [r.index, r.error.code]), [
      [1, "E7034"],
    ]);

    const letters = await (await app.request("/v1/dead-letters")).json();
    assert.deepEqual(letters.items.map((l: { code: string }) => l.code), ["E7034", "E7034"]);
  } finally {
    await close();
  }
});
