/**
 * The mapping on what real exporters sent (`testdata/`, recorded from the OpenTelemetry
 * JS SDK's protobuf and JSON exporters and Python's protobuf exporter): each recorded
 * run is one trajectory with its task, labels, steps in order, errors, evaluation and
 * outcome, and every event it makes is one the contract accepts.
 *
 * @module
 */
import assert from "node:assert/strict";
import { decodeEvent } from "../../schemas/mod.ts";
import { decodeJsonRequest } from "./decode_json.ts";
import { decodeProtobufRequest } from "./decode_protobuf.ts";
import type { Span } from "./span.ts";
import { fixtures, recordedRuns } from "./testdata/record.ts";
import { traceEvents } from "./trace_events.ts";

const limits = { maxSpans: 10_000, maxAttributeBytes: 1 << 24 };
const read = (name: string) => Deno.readFile(new URL(`./testdata/${name}`, import.meta.url));

const recorded: Record<string, () => Promise<Span[]>> = {
  "JS protobuf": async () => decodeProtobufRequest(await read(fixtures.jsProtobuf), limits).spans,
  "JS JSON": async () => decodeJsonRequest(new TextDecoder().decode(await read(fixtures.jsJson)), limits).spans,
  "Python protobuf": async () => decodeProtobufRequest(await read(fixtures.pythonProtobuf), limits).spans,
};

for (const [exporter, spansOf] of Object.entries(recorded)) {
  Deno.test(`traceEvents() maps what the ${exporter} exporter sent into the recorded runs`, async () => {
    const { events, ignored } = traceEvents(await spansOf());
    for (const event of events) assert.ok(decodeEvent(event).ok, `${event.type} ${event.id} is a contract event`);
    assert.equal(ignored, recordedRuns.length, "each run's plain HTTP span is ignored");
    const byTrajectory = Map.groupBy(events, (e) => String(e.data.trajectoryId));
    assert.equal(byTrajectory.size, recordedRuns.length);

    for (const list of byTrajectory.values()) {
      const started = list.find((e) => e.type === "atlas.trajectory.started")!.data;
      const run = recordedRuns.find((r) => r.task === (started.task as { description: string }).description);
      assert.ok(run, "the task is the run's user message");
      assert.deepEqual(started.task, { description: run.task, id: run.taskId, family: run.family });
      const steps = list.filter((e) => e.type === "atlas.trajectory.step").map((e) => e.data)
        .sort((a, b) => Number(a.index) - Number(b.index));
      const calls = run.turns.flatMap((t) => "toolCalls" in t ? t.toolCalls : []);
      assert.deepEqual(
        steps.filter((s) => s.kind === "tool_call").map((s) => (s.tool as { name: string }).name),
        calls.map((c) => c.tool),
      );
      const results = steps.filter((s) => s.kind === "tool_result");
      assert.deepEqual(results.map((s) => s.status === "error"), calls.map((c) => c.error !== undefined));
      assert.equal(steps[0]!.kind, "message");
      assert.equal(steps.at(-1)!.content, (run.turns.at(-1) as { answer: string }).answer);

      const completed = list.find((e) => e.type === "atlas.trajectory.completed")!.data;
      assert.equal(completed.outcome, run.outcome);
      if (run.outcome === "failure") assert.equal(completed.reason, run.failureReason);
      const evaluation = list.find((e) => e.type === "atlas.evaluation.completed")?.data;
      assert.equal(evaluation?.qualityScore, run.evaluation && run.evaluation.score * 100);
    }
  });
}

Deno.test("traceEvents() cuts a huge tool result with a mark that says how much was left out", () => {
  const span: Span = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    parentSpanId: null,
    name: "execute_tool read_file",
    kind: 1,
    start: 1_764_750_000_000_000,
    end: 1_764_750_000_100_000,
    attributes: {
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "read_file",
      "gen_ai.tool.call.result": "x".repeat(200_000),
    },
    events: [],
    status: { code: 0, message: "" },
    resource: {},
    scope: { name: "", version: "" },
  };
  const result = traceEvents([span]).events.find((e) => e.data.kind === "tool_result")!;
  const content = String(result.data.content);
  assert.ok(content.length < 70_000);
  assert.match(content, /…\[truncated 134464 characters\]$/);
});
