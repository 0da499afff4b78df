/**
 * What the recorded fixtures must decode to, checked field by field against the runs
 * that made them ({@linkcode recordedRuns}): the span tree of each run, names, kinds,
 * times in order, the GenAI attributes and their JSON messages, events, status,
 * resource and scope. Shared by the protobuf and JSON decoder tests, and by the live
 * real-client tests, so every exporter is held to the same expectations.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { AgentRun, AgentToolCall } from "../../../tests/support/otel_agent.ts";
import type { AttributeValue, DecodedSpans, Span } from "../span.ts";
import { recordedRuns } from "./record.ts";

const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

/** Asserts the decoded request holds exactly the traced `runs`, one trace each, in order of their roots. */
export function assertRecordedRuns(
  decoded: DecodedSpans,
  sdk: { serviceName: string; language: "js" | "python" },
  runs: AgentRun[] = recordedRuns,
): void {
  assert.deepEqual(decoded.rejected, []);
  const traces = Map.groupBy(decoded.spans, (span) => span.traceId);
  assert.equal(traces.size, runs.length, "one trace per run");
  const ordered = [...traces.values()].sort((a, b) => root(a).start - root(b).start);
  ordered.forEach((spans, index) => assertRun(spans, runs[index]!, index, sdk));
}

function root(spans: Span[]): Span {
  const roots = spans.filter((span) => span.parentSpanId === null);
  assert.equal(roots.length, 1, "one root per trace");
  return roots[0]!;
}

const text = (value: AttributeValue | undefined): string => {
  assert.equal(typeof value, "string");
  return value as string;
};
const parsed = (value: AttributeValue | undefined): unknown => JSON.parse(text(value));

function assertRun(spans: Span[], run: AgentRun, index: number, sdk: { serviceName: string; language: string }): void {
  const agent = root(spans);
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  const chats = byStart.filter((s) => s.name === "chat gpt-4o-mini");
  const tools = byStart.filter((s) => s.name.startsWith("execute_tool "));
  const gets = byStart.filter((s) => s.name === "GET");
  const calls = run.turns.flatMap((turn) => "toolCalls" in turn ? turn.toolCalls : []);
  assert.equal(spans.length, 1 + run.turns.length + calls.length + 1, `run ${index}: root, chats, tools and one GET`);
  assert.equal(chats.length, run.turns.length);
  assert.equal(tools.length, calls.length);
  assert.equal(gets.length, 1);

  for (const span of spans) {
    assert.match(span.traceId, /^[0-9a-f]{32}$/);
    assert.match(span.spanId, /^[0-9a-f]{16}$/);
    assert.ok(span.start > Date.UTC(2024, 0) * 1000 && span.start <= span.end, `${span.name}: times in µs, in order`);
    assert.ok(agent.start <= span.start && span.end <= agent.end, `${span.name} lies within the run`);
    assert.equal(span.resource["service.name"], sdk.serviceName);
    assert.equal(span.resource["service.version"], "1.4.2");
    assert.deepEqual(span.scope, { name: "atlas-test-agent", version: "0.3.0" });
    assert.equal(span.resource["telemetry.sdk.language"], sdk.language === "js" ? "nodejs" : "python");
  }
  assert.equal(new Set(spans.map((s) => s.spanId)).size, spans.length, "span ids are unique");

  // The root: the agent invocation, which ends last.
  assert.equal(agent.name, "invoke_agent research-assistant");
  assert.equal(agent.kind, INTERNAL);
  assert.equal(Math.max(...spans.map((s) => s.end)), agent.end);
  const a = agent.attributes;
  assert.equal(a["gen_ai.operation.name"], "invoke_agent");
  assert.equal(a["gen_ai.agent.name"], "research-assistant");
  assert.equal(a["gen_ai.provider.name"], "openai");
  assert.equal(a["gen_ai.request.model"], "gpt-4o-mini");
  assert.equal(a["gen_ai.conversation.id"], `conv-${index}`);
  assert.deepEqual(parsed(a["gen_ai.input.messages"]), [{
    role: "user",
    parts: [{ type: "text", content: run.task }],
  }]);
  assert.equal(a["atlas.task.id"], run.taskId);
  assert.equal(a["atlas.task.family"], run.family);
  assert.equal(a["atlas.outcome"], run.outcome);
  assert.equal(a["atlas.score"], run.score);
  assert.equal(typeof a["gen_ai.usage.input_tokens"], "number");
  if (run.outcome === "failure") {
    assert.deepEqual(agent.status, { code: 2, message: run.failureReason });
    assert.equal(a["error.type"], "AgentFailure");
  } else {
    assert.deepEqual(agent.status, { code: 0, message: "" });
  }
  if (run.evaluation) {
    assert.equal(agent.events.length, 1);
    const event = agent.events[0]!;
    assert.equal(event.name, "gen_ai.evaluation.result");
    assert.ok(agent.start <= event.time && event.time <= agent.end);
    assert.deepEqual(event.attributes, {
      "gen_ai.evaluation.name": run.evaluation.name,
      "gen_ai.evaluation.score.value": run.evaluation.score,
      "gen_ai.evaluation.score.label": run.evaluation.label,
    });
  } else {
    assert.deepEqual(agent.events, []);
  }

  // Chats and tools alternate in time, each a child of the root, each tool answering a call of the chat before it.
  let conversationLength = 1;
  let toolIndex = 0;
  let previousEnd = agent.start;
  run.turns.forEach((turn, t) => {
    const chat = chats[t]!;
    assert.equal(chat.parentSpanId, agent.spanId);
    assert.equal(chat.kind, CLIENT);
    assert.ok(chat.start >= previousEnd, `chat ${t} starts after what came before it`);
    previousEnd = chat.end;
    const c = chat.attributes;
    assert.equal(c["gen_ai.operation.name"], "chat");
    assert.equal(c["gen_ai.request.model"], "gpt-4o-mini");
    assert.equal(c["gen_ai.response.id"], `resp_${index}_${t}`);
    assert.equal(typeof c["gen_ai.usage.input_tokens"], "number");
    assert.ok(Number.isInteger(c["gen_ai.usage.output_tokens"]));
    const input = parsed(c["gen_ai.input.messages"]) as { role: string; parts: { type: string }[] }[];
    assert.equal(input.length, conversationLength, `chat ${t} carries the whole conversation so far`);
    assert.deepEqual(input[0], { role: "user", parts: [{ type: "text", content: run.task }] });
    const output = parsed(c["gen_ai.output.messages"]) as {
      role: string;
      finish_reason: string;
      parts:
        ({ type: "text"; content: string } | { type: "tool_call"; id: string; name: string; arguments: unknown })[];
    }[];
    assert.equal(output.length, 1);
    assert.equal(output[0]!.role, "assistant");
    if ("answer" in turn) {
      assert.deepEqual(output[0], {
        role: "assistant",
        parts: [{ type: "text", content: turn.answer }],
        finish_reason: "stop",
      });
      assert.deepEqual(c["gen_ai.response.finish_reasons"], ["stop"]);
      conversationLength += 1;
      return;
    }
    assert.equal(output[0]!.finish_reason, "tool_call");
    assert.deepEqual(c["gen_ai.response.finish_reasons"], ["tool_call"]);
    const requested = output[0]!.parts.filter((p) => p.type === "tool_call");
    assert.equal(requested.length, turn.toolCalls.length);
    if (turn.text) assert.deepEqual(output[0]!.parts[0], { type: "text", content: turn.text });
    turn.toolCalls.forEach((call, k) => {
      const tool = tools[toolIndex++]!;
      const request = requested[k] as { id: string; name: string; arguments: unknown };
      assert.equal(request.name, call.tool);
      assert.deepEqual(request.arguments, call.arguments);
      assert.ok(tool.start >= previousEnd, `tool ${call.tool} runs after its chat`);
      previousEnd = tool.end;
      assertTool(tool, call, request.id, agent);
    });
    conversationLength += 1 + turn.toolCalls.length;
  });
  // The last chat saw the final tool responses.
  const lastInput = parsed(chats.at(-1)!.attributes["gen_ai.input.messages"]) as { role: string; parts: unknown[] }[];
  const responses = lastInput.filter((m) => m.role === "tool");
  assert.equal(responses.length, calls.length);
  assert.deepEqual(
    responses.at(-1)!.parts,
    [{
      type: "tool_call_response",
      id: tools.at(-1)!.attributes["gen_ai.tool.call.id"],
      response: calls.at(-1)!.error === undefined ? calls.at(-1)!.result : { error: calls.at(-1)!.error },
    }],
  );

  // The one span without GenAI meaning: an HTTP GET inside the first tool call.
  const get = gets[0]!;
  assert.equal(get.kind, CLIENT);
  assert.equal(get.parentSpanId, tools[0]!.spanId);
  assert.equal(get.attributes["http.request.method"], "GET");
  assert.equal(get.attributes["http.response.status_code"], 200);
  assert.equal(get.attributes["url.full"], `https://api.example.com/${calls[0]!.tool}`);
  assert.ok(Object.keys(get.attributes).every((key) => !key.startsWith("gen_ai.")));
  assert.notEqual(get.kind, SERVER);
}

function assertTool(tool: Span, call: AgentToolCall, id: string, agent: Span): void {
  assert.equal(tool.name, `execute_tool ${call.tool}`);
  assert.equal(tool.parentSpanId, agent.spanId);
  assert.equal(tool.kind, INTERNAL);
  const t = tool.attributes;
  assert.equal(t["gen_ai.operation.name"], "execute_tool");
  assert.equal(t["gen_ai.tool.name"], call.tool);
  assert.equal(t["gen_ai.tool.call.id"], id);
  assert.deepEqual(parsed(t["gen_ai.tool.call.arguments"]), call.arguments);
  if (call.error === undefined) {
    assert.deepEqual(parsed(t["gen_ai.tool.call.result"]), call.result);
    assert.deepEqual(tool.status, { code: 0, message: "" });
    assert.deepEqual(tool.events, []);
    assert.equal(t["error.type"], undefined);
    return;
  }
  assert.deepEqual(parsed(t["gen_ai.tool.call.result"]), { error: call.error });
  assert.deepEqual(tool.status, { code: 2, message: call.error });
  assert.equal(t["error.type"], call.errorType);
  assert.equal(tool.events.length, 1);
  const event = tool.events[0]!;
  assert.equal(event.name, "exception");
  assert.equal(event.attributes["exception.type"], call.errorType);
  assert.equal(event.attributes["exception.message"], call.error);
  assert.ok(tool.start <= event.time && event.time <= tool.end);
}
