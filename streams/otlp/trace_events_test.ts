import assert from "node:assert/strict";
import { decodeEvent } from "../../schemas/mod.ts";
import { span as spanOf, spanId, t0, weatherRun } from "../../tests/support/genai_run.ts";
import { traceEvents } from "./trace_events.ts";

const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
const run = () => weatherRun(trace);
const span = (...args: Parameters<typeof spanOf> extends [string, ...infer Rest] ? Rest : never) =>
  spanOf(trace, ...args);

const steps = (events: ReturnType<typeof traceEvents>["events"]) =>
  events.filter((e) => e.type === "atlas.trajectory.step").map((e) => e.data as Record<string, unknown>)
    .sort((a, b) => Number(a.index) - Number(b.index));

Deno.test("traceEvents() makes a tool-calling run one trajectory: task, call, result, answer, outcome", () => {
  const mapped = traceEvents(run());
  assert.deepEqual([mapped.mapped, mapped.ignored], [4, 1]);
  for (const event of mapped.events) assert.ok(decodeEvent(event).ok, `${event.type} is a valid event`);
  const started = mapped.events.find((e) => e.type === "atlas.trajectory.started")!;
  assert.deepEqual(started.data.task, { description: "What is the weather in Paris?" });
  assert.deepEqual(started.data.agent, { name: "weather", model: "gpt-4.1" });
  assert.deepEqual(
    steps(mapped.events).map((s) => [s.kind, s.role, s.content]),
    [
      ["message", "user", "What is the weather in Paris?"],
      ["tool_call", "assistant", 'get_weather({"city":"Paris"})'],
      ["tool_result", "tool", "18°C, cloudy"],
      ["message", "assistant", "It is 18°C and cloudy in Paris."],
    ],
  );
  assert.deepEqual(steps(mapped.events)[1]!.tokens, { input: 20, output: 9 });
  const completed = mapped.events.find((e) => e.type === "atlas.trajectory.completed")!;
  assert.equal(completed.data.outcome, "success");
  assert.equal(completed.data.trajectoryId, trace);
});

Deno.test("traceEvents() gives a span the same events whichever request carries it", () => {
  // Split, the first request has no agent span: its chat says what the task is until the agent span does.
  const whole = traceEvents(run()).events.map((e) => e.id).sort();
  const spans = run();
  const early = new Set([spanId("c1"), spanId("t1")]);
  const first = traceEvents(spans.filter((s) => early.has(s.spanId)));
  const second = traceEvents(spans.filter((s) => !early.has(s.spanId)));
  const split = [...new Set([...first.events, ...second.events].map((e) => e.id))].sort();
  assert.deepEqual(split, [...whole, `${trace}/started/chat`].sort());
  assert.deepEqual(traceEvents(run()).events, traceEvents(run()).events);
});

Deno.test("traceEvents() ignores traces with no GenAI meaning and counts them", () => {
  const mapped = traceEvents([span("h", null, "GET /health", 0, 10, { "http.request.method": "GET" })]);
  assert.deepEqual(mapped, { events: [], mapped: 0, ignored: 1 });
});

Deno.test("traceEvents() reads a failed run and a failed tool from their status", () => {
  const spans = run();
  spans[0]!.status = { code: 2, message: "gave up after the tool failed" };
  spans[2]!.status = { code: 2, message: "" };
  spans[2]!.attributes["error.type"] = "TimeoutError";
  const mapped = traceEvents(spans);
  const completed = mapped.events.find((e) => e.type === "atlas.trajectory.completed")!;
  assert.deepEqual(completed.data, {
    trajectoryId: trace,
    outcome: "failure",
    reason: "gave up after the tool failed",
  });
  const failed = steps(mapped.events).find((s) => s.kind === "tool_result")!;
  assert.equal(failed.status, "error");
  assert.equal(failed.error, "TimeoutError");
});

Deno.test("traceEvents() reads OpenLLMetry's indexed prompt attributes", () => {
  const mapped = traceEvents([
    span("w", null, "support.workflow", 0, 5_000, {
      "traceloop.span.kind": "workflow",
      "traceloop.entity.input": JSON.stringify({ args: [], kwargs: {}, input: "Cancel order #W1" }),
      "atlas.task.family": "retail-cancel",
    }),
    span("l", "w", "openai.chat", 100, 1_000, {
      "llm.request.type": "chat",
      "gen_ai.prompt.0.role": "system",
      "gen_ai.prompt.0.content": "You are a support agent.",
      "gen_ai.prompt.1.role": "user",
      "gen_ai.prompt.1.content": "Cancel order #W1",
      "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.tool_calls.0.id": "x",
      "gen_ai.completion.0.tool_calls.0.name": "cancel_pending_order",
      "gen_ai.completion.0.tool_calls.0.arguments": '{"order_id":"#W1"}',
    }),
  ]);
  const started = mapped.events.find((e) => e.type === "atlas.trajectory.started")!;
  assert.deepEqual(started.data.task, { description: "Cancel order #W1", family: "retail-cancel" });
  assert.deepEqual(steps(mapped.events).map((s) => [s.kind, (s.tool as { name?: string } | undefined)?.name]), [
    ["message", undefined],
    ["tool_call", "cancel_pending_order"],
  ]);
});

Deno.test("traceEvents() takes the v1.28–v1.36 message events and an evaluation event", () => {
  const chat = span("c", null, "chat gpt-4o", 0, 1_000, { "gen_ai.operation.name": "chat", "gen_ai.system": "openai" });
  chat.events = [
    { name: "gen_ai.user.message", time: t0, attributes: { "gen_ai.event.content": '{"content":"2+2?"}' } },
    {
      name: "gen_ai.choice",
      time: t0 + 900,
      attributes: { "gen_ai.event.content": '{"index":0,"finish_reason":"stop","message":{"content":"4"}}' },
    },
    {
      name: "gen_ai.evaluation.result",
      time: t0 + 950,
      attributes: { "gen_ai.evaluation.name": "correctness", "gen_ai.evaluation.score.value": 0.9 },
    },
  ];
  const mapped = traceEvents([chat]);
  assert.deepEqual(steps(mapped.events).map((s) => s.content), ["2+2?", "4"]);
  const evaluation = mapped.events.find((e) => e.type === "atlas.evaluation.completed")!;
  assert.equal(evaluation.data.qualityScore, 90);
  assert.ok(decodeEvent(evaluation).ok);
  assert.equal(mapped.events.find((e) => e.type === "atlas.trajectory.completed")!.data.outcome, "success");
});

Deno.test("traceEvents() reads Pydantic AI's default spans: `agent run` and `running tool`", () => {
  const mapped = traceEvents([
    span("r", null, "agent run", 0, 5_000, { agent_name: "weather", model_name: "gpt-4o" }),
    span("c", "r", "chat gpt-4o", 100, 1_000, {
      "gen_ai.operation.name": "chat",
      "gen_ai.input.messages": JSON.stringify([{
        role: "user",
        parts: [{ type: "text", content: "Weather in Oslo?" }],
      }]),
    }),
    span("t", "r", "running tool", 1_100, 2_000, {
      "gen_ai.tool.name": "get_weather",
      "gen_ai.tool.call.id": "call_9",
      tool_arguments: '{"city":"Oslo"}',
      tool_response: "-3°C",
    }),
  ]);
  assert.equal(mapped.mapped, 3);
  assert.deepEqual(
    steps(mapped.events).map((s) => [s.kind, s.content]),
    [["message", "Weather in Oslo?"], ["tool_call", 'get_weather({"city":"Oslo"})'], ["tool_result", "-3°C"]],
  );
  assert.ok(mapped.events.some((e) => e.type === "atlas.trajectory.completed"));
});
