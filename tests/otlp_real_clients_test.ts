/**
 * The real OpenTelemetry clients against the real service over HTTP: the JS SDK's
 * protobuf and JSON exporters and Python's protobuf exporter, at their defaults
 * (batch processor, whole conversations on chat spans), tracing an instrumented agent
 * loop; what they send becomes learned trajectories.
 *
 * @module
 */
import assert from "node:assert/strict";
import { httpRuntime } from "./support/http_runtime.ts";
import { type AgentRun, traceAgentRuns } from "./support/otel_agent.ts";
import { waitFor } from "./support/wait.ts";
import type { Hono } from "hono";
import { python, withoutPythonOtel } from "./support/otel_python.ts";

/** The app served on a free port, as an exporter reaches it. */
function serve(app: Hono) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  return { url: `http://127.0.0.1:${server.addr.port}/v1/traces`, close: () => server.shutdown() };
}

async function learned(app: Hono, id: string) {
  return await waitFor(async () => {
    const response = await app.request(`/v1/trajectories/${id}`);
    const body = response.status === 200 ? await response.json() : undefined;
    return body?.state === "completed" && body;
  }, { message: `trajectory ${id} to be learned`, timeoutMs: 20_000 });
}

const flights: AgentRun = {
  task: "Find the cheapest direct flight from Paris to Rome next Friday",
  turns: [
    {
      toolCalls: [{
        tool: "search_flights",
        arguments: { from: "CDG", to: "FCO", date: "2026-12-11" },
        result: [{ id: "AF1404", price: 89 }],
      }],
    },
    { toolCalls: [{ tool: "get_fare_rules", arguments: { flight: "AF1404" }, result: { refundable: false } }] },
    { answer: "AF1404 at 89 EUR is the cheapest direct flight; it is not refundable." },
  ],
  family: "travel-search",
};

const failing: AgentRun = {
  task: "Book a table for four at Chez Marcel tonight",
  turns: [
    { toolCalls: [{ tool: "book_table", arguments: { restaurant: "Chez Marcel", seats: 4 }, error: "no table left" }] },
    { answer: "Sorry, Chez Marcel is fully booked tonight." },
  ],
  outcome: "failure",
  failureReason: "the booking could not be made",
};

const evaluated: AgentRun = {
  task: "What is the capital of Australia?",
  turns: [{ answer: "Canberra." }],
  evaluation: { name: "correctness", score: 0.8 },
};

Deno.test("[otel-js] the JS SDK's protobuf and JSON exporters send agent runs that become learned trajectories", async () => {
  const service = await httpRuntime({ env: { ATLAS_CLOSE_GRACE_MS: "300" } });
  const server = serve(service.app);
  try {
    const protobuf = await traceAgentRuns({
      url: server.url,
      protocol: "http/protobuf",
      compression: "gzip",
      runs: [flights, failing],
    });
    const json = await traceAgentRuns({ url: server.url, protocol: "http/json", runs: [evaluated] });

    const [flightsId, failingId] = protobuf.traceIds;
    const found = await learned(service.app, flightsId!);
    assert.equal(found.outcome, "success");
    assert.equal(found.task.description, flights.task);
    assert.equal(found.task.family, "travel-search");
    assert.deepEqual(found.steps.map((s: { kind: string }) => s.kind), [
      "message",
      "tool_call",
      "tool_result",
      "tool_call",
      "tool_result",
      "message",
    ]);
    assert.deepEqual(found.steps.map((s: { index: number }) => s.index), [0, 1, 2, 3, 4, 5]);
    assert.equal(found.steps[1].tool.name, "search_flights");
    assert.deepEqual(found.steps[1].tool.input, { from: "CDG", to: "FCO", date: "2026-12-11" });

    const failed = await learned(service.app, failingId!);
    assert.equal(failed.outcome, "failure");
    assert.equal(failed.reason, "the booking could not be made");
    const toolError = failed.steps.find((s: { kind: string }) => s.kind === "tool_result");
    assert.equal(toolError.status, "error");
    assert.match(toolError.error, /no table left/);

    const annotated = await learned(service.app, json.traceIds[0]!);
    assert.equal(annotated.evaluation.qualityScore, 80);
    assert.deepEqual(annotated.steps.map((s: { kind: string; content: string }) => [s.kind, s.content]), [
      ["message", evaluated.task],
      ["message", "Canberra."],
    ]);

    const metrics = await (await service.app.request("/metrics")).text();
    assert.match(metrics, /atlas_otlp_spans_total\{result="ignored"\} 3/); // the runs' plain HTTP spans
  } finally {
    await server.close();
    await service.close();
  }
});

Deno.test({
  name: "[python] Python's opentelemetry-sdk exporter sends agent runs that become learned trajectories",
  ignore: withoutPythonOtel,
  async fn() {
    const service = await httpRuntime({ env: { ATLAS_CLOSE_GRACE_MS: "300" } });
    const server = serve(service.app);
    try {
      const output = await new Deno.Command(python, {
        args: [new URL("./support/otel_agent.py", import.meta.url).pathname, "--endpoint", server.url, "--runs", "3"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(output.success, new TextDecoder().decode(output.stderr));
      const traceIds = JSON.parse(new TextDecoder().decode(output.stdout)) as string[];
      assert.equal(traceIds.length, 3);
      for (const id of traceIds) {
        const found = await learned(service.app, id);
        assert.ok(found.task.description.length > 0);
        assert.ok(found.steps.length >= 2, `${id} has its steps`);
        assert.equal(found.steps[0].kind, "message");
      }
    } finally {
      await server.close();
      await service.close();
    }
  },
});
