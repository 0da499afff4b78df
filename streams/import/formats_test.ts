import assert from "node:assert/strict";
import { weatherRun } from "../../tests/support/genai_run.ts";
import { otlpJson } from "../../tests/support/otlp_request.ts";
import { importFormats } from "./formats.ts";

const context = { source: "import://otlp-json" };

Deno.test("importFormats otlp-json maps a whole OTLP/JSON request line as POST /v1/traces does", () => {
  const trace = "0af7651916cd43dd8448eb211c80319c";
  const converted = importFormats["otlp-json"](otlpJson(weatherRun(trace)), context);
  assert.equal(converted.runs, 1);
  assert.equal(converted.steps, 4);
  const types = converted.events.map((e) => (e as { type: string }).type);
  assert.ok(types.includes("atlas.trajectory.started") && types.includes("atlas.trajectory.completed"));
  assert.ok(converted.events.every((e) => (e as { source: string }).source === "otlp"));
});

Deno.test("importFormats otlp-json reads a run whose messages are the GenAI conventions' {role, parts}", () => {
  const converted = importFormats["otlp-json"]({
    id: "genai-1",
    outcome: "success",
    messages: [
      { role: "user", parts: [{ type: "text", content: "Restart the billing service" }] },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "c1", name: "bash", arguments: { command: "systemctl restart billing" } }],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: "ok" }] },
      { role: "assistant", parts: [{ type: "text", content: "Restarted." }] },
    ],
  }, context);
  const event = converted.events[0] as { type: string; data: { task: { description: string }; steps: unknown[] } };
  assert.equal(event.type, "atlas.trajectory");
  assert.equal(event.data.task.description, "Restart the billing service");
  assert.deepEqual(
    (event.data.steps as { kind: string; tool?: { name: string } }[]).map((s) => [s.kind, s.tool?.name]),
    [["message", undefined], ["tool_call", "bash"], ["tool_result", "bash"], ["message", undefined]],
  );
});

Deno.test("importFormats otlp-json refuses a request with a rejected span, naming it", () => {
  const request = otlpJson(weatherRun("0af7651916cd43dd8448eb211c80319c"));
  request.resourceSpans[0]!.scopeSpans![0]!.spans![1]!.spanId = "zz";
  assert.throws(() => importFormats["otlp-json"](request, context), { code: "E7032" });
});
