"""A small instrumented agent loop traced by the real OpenTelemetry Python SDK.

The same loop as tests/support/otel_agent.ts, for tests that need what Python's
exporter really sends: TracerProvider + BatchSpanProcessor at its defaults + the
OTLP/HTTP protobuf exporter. Each run follows the GenAI semantic conventions: an
`invoke_agent {agent}` root; per turn a `chat {model}` span with the whole
conversation so far and the model's answer, then an `execute_tool {tool}` span per
tool call (a failing tool has status ERROR, error.type and an exception event); one
plain HTTP client span `GET` inside the first tool call (or under the root when
there is none). The final chat answers in text and the root ends last.

    python tests/support/otel_agent.py --endpoint http://127.0.0.1:PORT/v1/traces --runs N
        [--runs-file runs.json|-] [--gzip] [--header name=value]...

Prints the runs' trace ids (32 hex digits each) as a JSON array on stdout; exits 1
when an export failed. --runs-file takes runs shaped like the TypeScript AgentRun
(task, turns: [{toolCalls: [{tool, arguments, result | error}], text?} | {answer}],
agent?, model?, provider?, outcome?, ...); without it, N runs cycle through built-in
ones. Needs: pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any, Sequence

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, Status, StatusCode

BUILT_IN_RUNS: list[dict[str, Any]] = [
    {
        "task": "What is the population of the capital of France, and is it larger than Berlin's?",
        "taskId": "geo-17",
        "family": "question-answering",
        "outcome": "success",
        "score": 1,
        "turns": [
            {"toolCalls": [{"tool": "web_search", "arguments": {"query": "capital of France"},
                            "result": {"answer": "Paris"}}]},
            {"text": "Paris it is. Now both populations.",
             "toolCalls": [
                 {"tool": "population", "arguments": {"city": "Paris"}, "result": {"population": 2102650}},
                 {"tool": "population", "arguments": {"city": "Berlin"}, "error": "rate limited: retry in 30 s",
                  "errorType": "RateLimitError"},
             ]},
            {"toolCalls": [{"tool": "population", "arguments": {"city": "Berlin"}, "result": {"population": 3878100}}]},
            {"answer": "Paris, the capital of France, has about 2.1 million people; Berlin has about 3.9 million, "
                       "so Paris is smaller."},
        ],
    },
    {
        "task": "Book a table for two at Chez Marcel tonight at 8 pm.",
        "taskId": "booking-3",
        "family": "web-navigation",
        "outcome": "failure",
        "failureReason": "the booking service refused every request",
        "turns": [
            {"toolCalls": [{"tool": "book_table", "arguments": {"restaurant": "Chez Marcel", "time": "20:00", "people": 2},
                            "error": "503 Service Unavailable", "errorType": "HTTPError"}]},
            {"answer": "I could not book the table: the booking service is unavailable."},
        ],
    },
]


class RecordingExporter(SpanExporter):
    """Keeps each export's result, which the batch processor would only log."""

    def __init__(self, inner: SpanExporter) -> None:
        self.inner = inner
        self.results: list[SpanExportResult] = []

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        result = self.inner.export(spans)
        self.results.append(result)
        return result

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)


def tokens(value: Any) -> int:
    return max(1, math.ceil(len(json.dumps(value)) / 4))


def http_get(tracer: trace.Tracer, url: str) -> None:
    host = url.split("/")[2]
    with tracer.start_as_current_span("GET", kind=SpanKind.CLIENT, attributes={
        "http.request.method": "GET", "url.full": url, "server.address": host, "server.port": 443,
    }) as span:
        span.set_attribute("http.response.status_code", 200)


def run_tool(tracer: trace.Tracer, call: dict[str, Any], call_id: str, common: dict[str, str], do_http: bool) -> Any:
    with tracer.start_as_current_span(f"execute_tool {call['tool']}", kind=SpanKind.INTERNAL, attributes={
        **common,
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": call["tool"],
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.id": call_id,
        "gen_ai.tool.call.arguments": json.dumps(call["arguments"]),
    }, record_exception=False, set_status_on_exception=False) as span:
        # The run's one span without GenAI meaning: the first tool calls out over HTTP.
        if do_http:
            http_get(tracer, f"https://api.example.com/{call['tool']}")
        if "error" in call:
            error_type = call.get("errorType", "ToolError")
            span.add_event("exception", {"exception.type": error_type, "exception.message": call["error"]})
            span.set_attribute("error.type", error_type)
            span.set_status(Status(StatusCode.ERROR, call["error"]))
            response: Any = {"error": call["error"]}
        else:
            response = call.get("result")
        span.set_attribute("gen_ai.tool.call.result", json.dumps(response))
        return response


def run_agent(tracer: trace.Tracer, run: dict[str, Any], index: int, step_seconds: float) -> str:
    agent = run.get("agent", "research-assistant")
    model = run.get("model", "gpt-4o-mini")
    system = run.get("systemInstructions", "You are a careful research assistant. Use the tools when they help.")
    common = {"gen_ai.provider.name": run.get("provider", "openai"),
              "gen_ai.conversation.id": run.get("conversationId", f"conv-{index}")}
    conversation: list[dict[str, Any]] = [{"role": "user", "parts": [{"type": "text", "content": run["task"]}]}]
    root_attributes: dict[str, Any] = {
        **common,
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": agent,
        "gen_ai.agent.id": f"agent-{agent}",
        "gen_ai.request.model": model,
        "gen_ai.input.messages": json.dumps(conversation),
    }
    for key, name in (("taskId", "id"), ("family", "family"), ("domain", "domain")):
        if key in run:
            root_attributes[f"atlas.task.{name}"] = run[key]
    root_attributes.update(run.get("attributes", {}))
    root = tracer.start_span(f"invoke_agent {agent}", kind=SpanKind.INTERNAL, attributes=root_attributes)
    calls = 0
    http_done = False
    usage = [0, 0]
    with trace.use_span(root, end_on_exit=False, record_exception=False, set_status_on_exception=False):
        for turn_index, turn in enumerate(run["turns"]):
            time.sleep(step_seconds)
            parts: list[dict[str, Any]] = []
            ids: list[str] = []
            if "answer" in turn:
                parts.append({"type": "text", "content": turn["answer"]})
            else:
                if turn.get("text"):
                    parts.append({"type": "text", "content": turn["text"]})
                for call in turn["toolCalls"]:
                    calls += 1
                    call_id = call.get("id", f"call_{index}_{calls}")
                    ids.append(call_id)
                    parts.append({"type": "tool_call", "id": call_id, "name": call["tool"],
                                  "arguments": call["arguments"]})
            finish = "stop" if "answer" in turn else "tool_call"
            output = [{"role": "assistant", "parts": parts, "finish_reason": finish}]
            chat_usage = (tokens([system, conversation]), tokens(parts))
            usage = [usage[0] + chat_usage[0], usage[1] + chat_usage[1]]
            with tracer.start_as_current_span(f"chat {model}", kind=SpanKind.CLIENT, attributes={
                **common,
                "gen_ai.operation.name": "chat",
                "gen_ai.request.model": model,
                "gen_ai.response.model": f"{model}-2024-07-18",
                "gen_ai.response.id": f"resp_{index}_{turn_index}",
                "gen_ai.system_instructions": json.dumps([{"type": "text", "content": system}]),
                "gen_ai.input.messages": json.dumps(conversation),
                "gen_ai.output.messages": json.dumps(output),
                "gen_ai.usage.input_tokens": chat_usage[0],
                "gen_ai.usage.output_tokens": chat_usage[1],
                "gen_ai.response.finish_reasons": [finish],
            }):
                time.sleep(step_seconds)
            conversation.append({"role": "assistant", "parts": parts})
            if "answer" in turn:
                continue
            for call, call_id in zip(turn["toolCalls"], ids):
                response = run_tool(tracer, call, call_id, common, not http_done)
                http_done = True
                conversation.append({"role": "tool", "parts": [
                    {"type": "tool_call_response", "id": call_id, "response": response}]})
        if not http_done:
            http_get(tracer, "https://api.example.com/health")
    last = run["turns"][-1] if run["turns"] else None
    if last is not None and "answer" in last:
        root.set_attribute("gen_ai.output.messages", json.dumps(
            [{"role": "assistant", "parts": [{"type": "text", "content": last["answer"]}], "finish_reason": "stop"}]))
    root.set_attribute("gen_ai.usage.input_tokens", usage[0])
    root.set_attribute("gen_ai.usage.output_tokens", usage[1])
    if "outcome" in run:
        root.set_attribute("atlas.outcome", run["outcome"])
    if "score" in run:
        root.set_attribute("atlas.score", float(run["score"]))
    if "evaluation" in run:
        evaluation = run["evaluation"]
        event = {"gen_ai.evaluation.name": evaluation["name"], "gen_ai.evaluation.score.value": float(evaluation["score"])}
        if "label" in evaluation:
            event["gen_ai.evaluation.score.label"] = evaluation["label"]
        root.add_event("gen_ai.evaluation.result", event)
    if run.get("outcome") == "failure":
        root.set_attribute("error.type", "AgentFailure")
        root.set_status(Status(StatusCode.ERROR, run.get("failureReason", "the agent could not finish the task")))
    root.end()
    return format(root.get_span_context().trace_id, "032x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="the full OTLP/HTTP traces URL")
    parser.add_argument("--runs", type=int, default=None, help="how many runs (default: all of --runs-file, or 2)")
    parser.add_argument("--runs-file", help="a JSON array of runs shaped like the TypeScript AgentRun; - reads stdin")
    parser.add_argument("--gzip", action="store_true", help="gzip the requests")
    parser.add_argument("--header", action="append", default=[], help="name=value, repeatable")
    parser.add_argument("--service-name", default="atlas-test-agent-py")
    parser.add_argument("--step-ms", type=float, default=1.0, help="time each model step takes")
    args = parser.parse_args()

    runs = BUILT_IN_RUNS
    if args.runs_file == "-":
        runs = json.load(sys.stdin)
    elif args.runs_file:
        with open(args.runs_file, encoding="utf-8") as file:
            runs = json.load(file)
    count = args.runs if args.runs is not None else len(runs)
    headers = dict(header.split("=", 1) for header in args.header)

    exporter = RecordingExporter(OTLPSpanExporter(
        endpoint=args.endpoint, headers=headers,
        compression=Compression.Gzip if args.gzip else Compression.NoCompression,
    ))
    provider = TracerProvider(resource=Resource.create({
        "service.name": args.service_name, "service.version": "1.4.2", "deployment.environment.name": "test",
    }))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    tracer = provider.get_tracer("atlas-test-agent", "0.3.0")
    trace_ids = [run_agent(tracer, runs[i % len(runs)], i, args.step_ms / 1000) for i in range(count)]
    provider.force_flush()
    provider.shutdown()
    failed = [r for r in exporter.results if r != SpanExportResult.SUCCESS]
    print(json.dumps(trace_ids))
    if failed:
        print(f"{len(failed)} of {len(exporter.results)} OTLP exports failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
