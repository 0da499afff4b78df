/**
 * `POST /v1/traces` through a real runtime (embedded log, libSQL file): both encodings,
 * gzip, re-sent spans, spans across requests, partial success, the refusals, and the
 * trajectory the spans become.
 *
 * @module
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { decodeExportResponse, decodeStatus } from "../streams/otlp/export_response.ts";
import type { Span } from "../streams/otlp/span.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { span, weatherRun } from "./support/genai_run.ts";
import { otlpJson, otlpProtobuf } from "./support/otlp_request.ts";
import { waitFor } from "./support/wait.ts";
import type { Hono } from "hono";

const traceId = () => crypto.randomUUID().replaceAll("-", "");

function postJson(app: Hono, spans: readonly Span[], headers: Record<string, string> = {}) {
  return app.request("/v1/traces", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(otlpJson(spans)),
  });
}

function postProtobuf(app: Hono, body: Uint8Array, headers: Record<string, string> = {}) {
  return app.request("/v1/traces", {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", ...headers },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

async function trajectory(app: Hono, id: string) {
  const response = await app.request(`/v1/trajectories/${id}`);
  return response.status === 200 ? await response.json() : undefined;
}

Deno.test("POST /v1/traces turns an OTLP/JSON agent run into a learned trajectory", async () => {
  const service = await httpRuntime();
  try {
    const id = traceId();
    const response = await postJson(service.app, weatherRun(id));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});
    await waitFor(async () => (await trajectory(service.app, id))?.state === "completed", {
      message: "the trajectory to be learned",
    });
    const t = await trajectory(service.app, id);
    assert.equal(t.outcome, "success");
    assert.equal(t.task.description, "What is the weather in Paris?");
    assert.deepEqual(t.steps.map((s: { index: number; kind: string }) => [s.index, s.kind]), [
      [0, "message"],
      [1, "tool_call"],
      [2, "tool_result"],
      [3, "message"],
    ]);
    assert.ok(t.credit.length > 0, "credit was assigned");
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces takes gzipped protobuf, answers in protobuf, and a re-sent request changes nothing", async () => {
  const service = await httpRuntime();
  try {
    const id = traceId();
    const body = gzipSync(otlpProtobuf(weatherRun(id)));
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await postProtobuf(service.app, body, { "content-encoding": "gzip" });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/x-protobuf");
      assert.equal(decodeExportResponse(new Uint8Array(await response.arrayBuffer())), undefined);
    }
    await waitFor(async () => (await trajectory(service.app, id))?.state === "completed", {
      message: "the trajectory to be learned",
    });
    const t = await trajectory(service.app, id);
    assert.equal(t.steps.length, 4);
    assert.equal(t.lateEvents, 0);
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces assembles a run whose spans arrive over two requests, the root last", async () => {
  const service = await httpRuntime({ env: { ATLAS_CLOSE_GRACE_MS: "200" } });
  try {
    const id = traceId();
    const [agent, ...children] = weatherRun(id);
    assert.equal((await postJson(service.app, children.reverse())).status, 200);
    assert.equal((await trajectory(service.app, id))?.state ?? "open", "open");
    assert.equal((await postJson(service.app, [agent!])).status, 200);
    await waitFor(async () => (await trajectory(service.app, id))?.state === "completed", {
      message: "the trajectory to be learned",
    });
    const t = await trajectory(service.app, id);
    assert.deepEqual(t.steps.map((s: { kind: string }) => s.kind), ["message", "tool_call", "tool_result", "message"]);
    assert.equal(t.agent.name, "weather");
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces rejects a bad span alone with a partial success and keeps it as a dead letter", async () => {
  const service = await httpRuntime();
  try {
    const id = traceId();
    const request = otlpJson(weatherRun(id));
    request.resourceSpans[0]!.scopeSpans![0]!.spans![3]!.traceId = "abcdef"; // the HTTP span
    const response = await service.app.request("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.partialSuccess.rejectedSpans, "1");
    assert.match(body.partialSuccess.errorMessage, /trace id/i);
    const letters = await (await service.app.request("/v1/dead-letters")).json();
    assert.equal(letters.items[0].code, "E7032");
    await waitFor(async () => (await trajectory(service.app, id))?.state === "completed", {
      message: "the rest of the run to be learned",
    });
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces refuses malformed bodies whole, in the request's encoding", async () => {
  const service = await httpRuntime({ start: false });
  try {
    const protobuf = await postProtobuf(service.app, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    assert.equal(protobuf.status, 400);
    assert.match(decodeStatus(new Uint8Array(await protobuf.arrayBuffer())).message, /^E7030: /);
    const notJson = await service.app.request("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    assert.equal(notJson.status, 400);
    const error = await notJson.json();
    assert.equal(error.code, 3);
    assert.equal(error.error.code, "E7001");
    const notRequest = await service.app.request("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: "none" }),
    });
    assert.equal((await notRequest.json()).error.code, "E7031");
    const text = await service.app.request("/v1/traces", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    assert.equal(text.status, 415);
    const brotli = await postProtobuf(service.app, new Uint8Array([1]), { "content-encoding": "br" });
    assert.equal(brotli.status, 415);
    assert.match(decodeStatus(new Uint8Array(await brotli.arrayBuffer())).message, /^E7033: /);
    const broken = await postProtobuf(service.app, new Uint8Array([1, 2, 3]), { "content-encoding": "gzip" });
    assert.equal(broken.status, 400);
    assert.match(decodeStatus(new Uint8Array(await broken.arrayBuffer())).message, /^E7035: /);
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces answers 413 past its limits, a gzip bomb included", async () => {
  const service = await httpRuntime({
    start: false,
    env: { ATLAS_OTLP_MAX_SPANS: "3", ATLAS_OTLP_BODY_LIMIT_BYTES: "65536" },
  });
  try {
    const spans = await postJson(service.app, weatherRun(traceId()));
    assert.equal(spans.status, 413);
    assert.equal((await spans.json()).error.code, "E7702");
    const bomb = gzipSync(new Uint8Array(1024 * 1024));
    const response = await postProtobuf(service.app, bomb, { "content-encoding": "gzip" });
    assert.equal(response.status, 413);
    assert.match(decodeStatus(new Uint8Array(await response.arrayBuffer())).message, /^E7700: /);
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces needs the bearer token when one is configured", async () => {
  const service = await httpRuntime({ start: false, env: { ATLAS_API_TOKEN: "s3cret" } });
  try {
    assert.equal((await postJson(service.app, weatherRun(traceId()))).status, 401);
    const allowed = await postJson(service.app, weatherRun(traceId()), { authorization: "Bearer s3cret" });
    assert.equal(allowed.status, 200);
  } finally {
    await service.close();
  }
});

Deno.test("POST /v1/traces: a span for a trajectory already closed is a late event and changes nothing", async () => {
  const service = await httpRuntime();
  try {
    const id = traceId();
    assert.equal((await postJson(service.app, weatherRun(id))).status, 200);
    await waitFor(async () => (await trajectory(service.app, id))?.state === "completed", {
      message: "the trajectory to be learned",
    });
    const straggler = span(id, "late", "a", "execute_tool get_weather", 9_500, 9_900, {
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "get_weather",
      "gen_ai.tool.call.id": "c9",
      "gen_ai.tool.call.result": "19°C",
    });
    assert.equal((await postJson(service.app, [straggler])).status, 200);
    const t = await waitFor(async () => {
      const found = await trajectory(service.app, id);
      return found?.lateEvents === 2 && found;
    }, { message: "the straggler's call and result counted late" });
    assert.equal(t.state, "completed");
    assert.equal(t.steps.length, 4);
  } finally {
    await service.close();
  }
});
