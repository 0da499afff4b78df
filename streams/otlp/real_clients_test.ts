/**
 * The decoders against the real OpenTelemetry exporters, live: the JS SDK (under
 * Deno's Node compatibility) and, where its packages are installed, Python's SDK,
 * export to a local capture server and what they send is decoded and checked like
 * the recorded fixtures.
 */
import assert from "node:assert/strict";
import { traceAgentRuns } from "../../tests/support/otel_agent.ts";
import { decodeJsonRequest } from "./decode_json.ts";
import { decodeProtobufRequest } from "./decode_protobuf.ts";
import { exportResponseProtobuf, statusProtobuf } from "./export_response.ts";
import type { DecodedSpans } from "./span.ts";
import { assertRecordedRuns } from "./testdata/expect_recorded.ts";
import { recordedRuns } from "./testdata/record.ts";
import { python, withoutPythonOtel } from "../../tests/support/otel_python.ts";

const limits = { maxSpans: 512, maxAttributeBytes: 1 << 20 };

interface Received {
  contentType: string;
  encoding: string | null;
  authorization: string | null;
  userAgent: string;
  decoded: DecodedSpans;
}

/** A local OTLP/HTTP endpoint that decodes what it receives and answers as `answer` says. */
function endpoint(answer: (received: Received) => Response = () => new Response(exportResponseProtobuf())) {
  const received: Received[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const encoding = request.headers.get("content-encoding");
    let stream = request.body!;
    if (encoding === "gzip") stream = stream.pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const contentType = request.headers.get("content-type") ?? "";
    const decoded = contentType === "application/json"
      ? decodeJsonRequest(new TextDecoder().decode(bytes), limits)
      : decodeProtobufRequest(bytes, limits);
    const item = {
      contentType,
      encoding,
      authorization: request.headers.get("authorization"),
      userAgent: request.headers.get("user-agent") ?? "",
      decoded,
    };
    received.push(item);
    return answer(item);
  });
  return { url: `http://127.0.0.1:${server.addr.port}/v1/traces`, received, close: () => server.shutdown() };
}

Deno.test("traceAgentRuns() exports the agent loop through the JS SDK's protobuf and JSON exporters, gzipped", async () => {
  const server = endpoint();
  try {
    const { traceIds, exports } = await traceAgentRuns({
      url: server.url,
      protocol: ["http/protobuf", "http/json"],
      runs: recordedRuns,
      compression: "gzip",
      headers: { authorization: "Bearer secret" },
    });
    assert.equal(traceIds.length, 2);
    assert.deepEqual(exports.map((e) => [e.protocol, e.code, e.spans]).sort(), [
      ["http/json", 0, 15],
      ["http/protobuf", 0, 15],
    ]);
    assert.deepEqual(server.received.map((r) => r.contentType).sort(), ["application/json", "application/x-protobuf"]);
    for (const received of server.received) {
      assert.equal(received.encoding, "gzip");
      assert.equal(received.authorization, "Bearer secret");
      assert.match(received.userAgent, /^OTel-OTLP-Exporter-JavaScript\//);
      assertRecordedRuns(received.decoded, { serviceName: "atlas-test-agent", language: "js" });
      const roots = received.decoded.spans.filter((s) => s.parentSpanId === null).sort((a, b) => a.start - b.start);
      assert.deepEqual(roots.map((s) => s.traceId), traceIds);
    }
    assert.deepEqual(server.received[0]!.decoded, server.received[1]!.decoded);
  } finally {
    await server.close();
  }
});

Deno.test("traceAgentRuns() sends the SDK's default batches of 512 spans", async () => {
  const server = endpoint();
  try {
    const runs = Array.from({ length: 70 }, (_, i) => ({ ...recordedRuns[i % 2]!, taskId: `t-${i}` }));
    await traceAgentRuns({ url: server.url, protocol: "http/protobuf", runs, stepMillis: 0 });
    const sizes = server.received.map((r) => r.decoded.spans.length);
    // 35 runs of 10 spans and 35 of 5: 525 spans, a full batch of 512 and the rest on flush.
    assert.deepEqual(sizes, [512, 13]);
  } finally {
    await server.close();
  }
});

Deno.test("traceAgentRuns() throws with the endpoint's answer when an export fails", async () => {
  const server = endpoint(() =>
    new Response(statusProtobuf({ code: 3, message: "E7030: no" }), {
      status: 400,
      headers: { "content-type": "application/x-protobuf" },
    })
  );
  try {
    await assert.rejects(
      traceAgentRuns({ url: server.url, protocol: "http/protobuf", runs: recordedRuns.slice(0, 1) }),
      /1 of 1 OTLP exports failed: Bad Request \(HTTP 400\)/,
    );
    const { exports } = await traceAgentRuns({
      url: server.url,
      protocol: "http/json",
      runs: recordedRuns.slice(0, 1),
      allowFailedExports: true,
    });
    assert.deepEqual(exports, [{ protocol: "http/json", code: 1, spans: 10, error: "Bad Request (HTTP 400)" }]);
  } finally {
    await server.close();
  }
});

Deno.test({
  name: "[python] otel_agent.py exports the agent loop through Python's protobuf exporter",
  // Needs opentelemetry-sdk and opentelemetry-exporter-otlp-proto-http (ATLAS_OTEL_PYTHON names the interpreter).
  ignore: withoutPythonOtel,
  fn: async () => {
    const server = endpoint();
    try {
      const child = new Deno.Command(python, {
        args: [
          new URL("../../tests/support/otel_agent.py", import.meta.url).pathname,
          ...["--endpoint", server.url, "--runs-file", "-", "--header", "authorization=Bearer py"],
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(JSON.stringify(recordedRuns)));
      await writer.close();
      const output = await child.output();
      assert.ok(output.success, new TextDecoder().decode(output.stderr));
      const traceIds = JSON.parse(new TextDecoder().decode(output.stdout));
      assert.equal(server.received.length, 1);
      const [received] = server.received;
      assert.equal(received!.contentType, "application/x-protobuf");
      assert.equal(received!.authorization, "Bearer py");
      assertRecordedRuns(received!.decoded, { serviceName: "atlas-test-agent-py", language: "python" });
      const roots = received!.decoded.spans.filter((s) => s.parentSpanId === null).sort((a, b) => a.start - b.start);
      assert.deepEqual(roots.map((s) => s.traceId), traceIds);
    } finally {
      await server.close();
    }
  },
});
