/**
 * A tool-calling agent run as the GenAI semantic conventions trace it (an agent span,
 * a chat span asking for a tool, the tool's span with an HTTP span inside it, and a
 * chat span answering), built as decoded spans for the mapping and the OTLP tests.
 *
 * @module
 */
import type { Attributes, Span } from "../../streams/otlp/span.ts";

export const t0 = 1_764_750_000_000_000;

/** A readable id as a span id: its characters' codes in hex, padded to 16 digits. */
export const spanId = (id: string) =>
  [...id].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("").padStart(16, "0");

/** A span of `trace`; times in microseconds after `t0`. */
export function span(
  trace: string,
  id: string,
  parent: string | null,
  name: string,
  start: number,
  end: number,
  attributes: Attributes,
): Span {
  return {
    traceId: trace,
    spanId: spanId(id),
    parentSpanId: parent && spanId(parent),
    name,
    kind: 1,
    start: t0 + start,
    end: t0 + end,
    attributes,
    events: [],
    status: { code: 0, message: "" },
    resource: { "service.name": "weather-bot" },
    scope: { name: "test", version: "1" },
  };
}

export const user = { role: "user", parts: [{ type: "text", content: "What is the weather in Paris?" }] };
export const call = {
  role: "assistant",
  parts: [{ type: "tool_call", id: "c1", name: "get_weather", arguments: { city: "Paris" } }],
};
export const result = { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: "18°C, cloudy" }] };
export const answer = { role: "assistant", parts: [{ type: "text", content: "It is 18°C and cloudy in Paris." }] };

/** The run's five spans, the agent span first; `trace` is its trace id. */
export function weatherRun(trace: string): Span[] {
  return [
    span(trace, "a", null, "invoke_agent weather", 0, 9_000, {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "weather",
      "gen_ai.input.messages": JSON.stringify([user]),
      "gen_ai.output.messages": JSON.stringify([answer]),
    }),
    span(trace, "c1", "a", "chat gpt-4.1", 100, 2_000, {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4.1",
      "gen_ai.input.messages": JSON.stringify([user]),
      "gen_ai.output.messages": JSON.stringify([call]),
      "gen_ai.usage.input_tokens": 20,
      "gen_ai.usage.output_tokens": 9,
    }),
    span(trace, "t1", "a", "execute_tool get_weather", 2_100, 3_000, {
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "get_weather",
      "gen_ai.tool.call.id": "c1",
      "gen_ai.tool.call.arguments": '{"city":"Paris"}',
      "gen_ai.tool.call.result": "18°C, cloudy",
    }),
    span(trace, "h1", "t1", "GET", 2_200, 2_900, { "http.request.method": "GET" }),
    span(trace, "c2", "a", "chat gpt-4.1", 3_100, 8_000, {
      "gen_ai.operation.name": "chat",
      "gen_ai.input.messages": JSON.stringify([user, call, result]),
      "gen_ai.output.messages": JSON.stringify([answer]),
    }),
  ];
}
