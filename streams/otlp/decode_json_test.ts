import assert from "node:assert/strict";
import { decodeJsonRequest } from "./decode_json.ts";
import { decodeProtobufRequest } from "./decode_protobuf.ts";
import { assertRecordedRuns } from "./testdata/expect_recorded.ts";
import { fixtures } from "./testdata/record.ts";
import { thrown } from "../../tests/support/rejection.ts";

const limits = { maxSpans: 512, maxAttributeBytes: 1 << 20 };
const testdata = (name: string) => new URL(`./testdata/${name}`, import.meta.url);

const traceId = "5b8efff798038103d269b633813fc60c";
const spanJson = (n: number, extra: Record<string, unknown> = {}) => ({
  traceId,
  spanId: n.toString(16).padStart(16, "0"),
  name: `step ${n}`,
  kind: 1,
  startTimeUnixNano: "1700000000000000000",
  endTimeUnixNano: "1700000000000500000",
  ...extra,
});
const body = (spans: unknown[], resource: unknown = { attributes: [] }) =>
  JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "lib", version: "1.0" }, spans }] }] });

Deno.test("decodeJsonRequest() reads what the JS SDK's JSON exporter sent, field by field", async () => {
  assertRecordedRuns(decodeJsonRequest(await Deno.readTextFile(testdata(fixtures.jsJson)), limits), {
    serviceName: "atlas-test-agent",
    language: "js",
  });
});

Deno.test("decodeJsonRequest() and decodeProtobufRequest() decode the same spans exported through both JS exporters", async () => {
  const json = decodeJsonRequest(await Deno.readTextFile(testdata(fixtures.jsJson)), limits);
  const protobuf = decodeProtobufRequest(await Deno.readFile(testdata(fixtures.jsProtobuf)), limits);
  assert.equal(json.spans.length, 15);
  assert.deepEqual(json, protobuf);
});

Deno.test("decodeJsonRequest() reads every field of a span it keeps", () => {
  const decoded = decodeJsonRequest(
    body([spanJson(1, {
      parentSpanId: "00F067AA0BA902B7",
      kind: 3,
      attributes: [
        { key: "s", value: { stringValue: "héllo ✓" } },
        { key: "b", value: { boolValue: true } },
        { key: "i", value: { intValue: "-42" } },
        { key: "n", value: { intValue: 7 } },
        { key: "big", value: { intValue: "9007199254740993" } },
        { key: "d", value: { doubleValue: 0.25 } },
        { key: "nan", value: { doubleValue: "NaN" } },
        { key: "a", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "1" }, {}] } } },
        { key: "kv", value: { kvlistValue: { values: [{ key: "nested", value: { boolValue: false } }] } } },
        { key: "bytes", value: { bytesValue: "AQL_" } },
        { key: "empty", value: {} },
        { key: "__proto__", value: { stringValue: "kept as a key" } },
      ],
      events: [{ timeUnixNano: "1700000000000250999", name: "exception", attributes: [] }],
      status: { code: 2, message: "boom" },
      droppedAttributesCount: 0,
      someFutureField: { ignored: true },
    })], { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] }),
    limits,
  );
  assert.equal(decoded.rejected.length, 0);
  const [span] = decoded.spans;
  assert.deepEqual({ ...span, attributes: { ...span!.attributes } }, {
    traceId,
    spanId: "0000000000000001",
    parentSpanId: "00f067aa0ba902b7",
    name: "step 1",
    kind: 3,
    start: 1_700_000_000_000_000,
    end: 1_700_000_000_000_500,
    attributes: {
      s: "héllo ✓",
      b: true,
      i: -42,
      n: 7,
      big: "9007199254740993",
      d: 0.25,
      nan: "NaN",
      a: ["x", 1, null],
      kv: { nested: false },
      bytes: "AQL/",
      empty: null,
      ["__proto__"]: "kept as a key",
    },
    events: [{ name: "exception", time: 1_700_000_000_000_250, attributes: {} }],
    status: { code: 2, message: "boom" },
    resource: { "service.name": "svc" },
    scope: { name: "lib", version: "1.0" },
  });
  assert.equal(Object.getPrototypeOf(span!.attributes), Object.prototype, "__proto__ did not replace the prototype");
});

Deno.test("decodeJsonRequest() takes snake_case names, enum names, base64 ids and int64 numbers", () => {
  const request = {
    resource_spans: [{
      resource: { attributes: [{ key: "service.name", value: { string_value: "svc" } }] },
      scope_spans: [{
        scope: { name: "lib" },
        spans: [{
          trace_id: Uint8Array.fromHex(traceId).toBase64(),
          span_id: "AAAAAAAAAAE=",
          parent_span_id: Uint8Array.fromHex("00f067aa0ba902b7").toBase64({ alphabet: "base64url", omitPadding: true }),
          name: "snake",
          kind: "SPAN_KIND_CLIENT",
          start_time_unix_nano: 1_700_000_000_000_000_000,
          end_time_unix_nano: "1700000000001000000",
          attributes: [
            { key: "i", value: { int_value: 12 } },
            { key: "a", value: { array_value: { values: [{ double_value: 1.5 }] } } },
            { key: "kv", value: { kvlist_value: { values: [] } } },
            { key: "by", value: { bytes_value: "AQL/" } },
          ],
          events: [{ time_unix_nano: "1700000000000500000", name: "e" }],
          status: { code: "STATUS_CODE_ERROR", message: "bad" },
        }],
      }],
    }],
  };
  const { spans, rejected } = decodeJsonRequest(JSON.stringify(request), limits);
  assert.deepEqual(rejected, []);
  const span = spans[0]!;
  assert.equal(span.traceId, traceId);
  assert.equal(span.spanId, "0000000000000001");
  assert.equal(span.parentSpanId, "00f067aa0ba902b7");
  assert.equal(span.kind, 3);
  assert.equal(span.start, 1_700_000_000_000_000);
  assert.equal(span.end, 1_700_000_000_001_000);
  assert.deepEqual(span.attributes, { i: 12, a: [1.5], kv: {}, by: "AQL/" });
  assert.deepEqual(span.events, [{ name: "e", time: 1_700_000_000_000_500, attributes: {} }]);
  assert.deepEqual(span.status, { code: 2, message: "bad" });
  assert.deepEqual(span.resource, { "service.name": "svc" });
  assert.deepEqual(span.scope, { name: "lib", version: "" });
});

Deno.test("decodeJsonRequest() takes the deprecated instrumentationLibrarySpans", () => {
  const request = {
    resourceSpans: [{
      instrumentationLibrarySpans: [{ instrumentationLibrary: { name: "old" }, spans: [spanJson(1)] }],
    }],
  };
  const { spans } = decodeJsonRequest(JSON.stringify(request), limits);
  assert.deepEqual(spans.map((s) => s.scope), [{ name: "old", version: "" }]);
});

Deno.test("decodeJsonRequest() rejects a span with a 15-byte trace id alone and keeps the rest", () => {
  const decoded = decodeJsonRequest(
    body([spanJson(1), spanJson(2, { traceId: traceId.slice(2) }), spanJson(3)]),
    limits,
  );
  assert.deepEqual(decoded.spans.map((s) => s.spanId), ["0000000000000001", "0000000000000003"]);
  assert.deepEqual(decoded.rejected, [{ index: 1, reason: "trace id is 15 bytes, not 16" }]);
});

Deno.test("decodeJsonRequest() rejects spans with wrong types or ids alone, with the reason", () => {
  const bad: [unknown, string][] = [
    ["not a span", "span is not an object"],
    [spanJson(1, { traceId: 12 }), "trace id is not a string"],
    [spanJson(1, { traceId: "not an id!" }), "trace id is neither hex nor base64"],
    [spanJson(1, { spanId: "" }), "span id is 0 bytes, not 8"],
    [spanJson(1, { name: 5 }), "name is not a string"],
    [
      spanJson(1, { kind: "CLIENT" }),
      'kind "CLIENT" is not one of SPAN_KIND_UNSPECIFIED, SPAN_KIND_INTERNAL, ' +
      "SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER, SPAN_KIND_CONSUMER or an integer",
    ],
    [spanJson(1, { startTimeUnixNano: "soon" }), "start time is not an unsigned integer"],
    [spanJson(1, { startTimeUnixNano: undefined }), "span has no start time"],
    [spanJson(1, { endTimeUnixNano: "1600000000000000000" }), "span ends before it starts"],
    [spanJson(1, { attributes: {} }), "attributes of span 10 are not an array"],
    [
      spanJson(1, { attributes: [{ key: "k", value: { intValue: "1.5" } }] }),
      'attribute "k" of span 11: intValue is not an integer',
    ],
    [
      spanJson(1, { attributes: [{ key: "k", value: "plain" }] }),
      'attribute "k" of span 12: value is not an AnyValue object',
    ],
    [spanJson(1, { attributes: [{ value: {} }] }), "an attribute of span 13 has no string key"],
    [spanJson(1, { events: [{ name: "e", timeUnixNano: -1 }] }), "event time is not an unsigned integer"],
    [
      spanJson(1, { status: { code: "STATUS_CODE_MAYBE" } }),
      'status code "STATUS_CODE_MAYBE" is not one of ' +
      "STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR or an integer",
    ],
  ];
  const decoded = decodeJsonRequest(body([spanJson(100), ...bad.map(([span]) => span), spanJson(200)]), limits);
  assert.deepEqual(decoded.spans.map((s) => s.name), ["step 100", "step 200"]);
  assert.deepEqual(decoded.rejected, bad.map(([, reason], i) => ({ index: i + 1, reason })));
});

Deno.test("decodeJsonRequest() answers E7001 for a body that is not JSON", () => {
  const error = thrown(() => decodeJsonRequest('{"resourceSpans": [', limits));
  assert.equal(error.code, "E7001");
  assert.match(error.message, /^body is not valid JSON/);
});

Deno.test("decodeJsonRequest() answers E7031, naming the path, for JSON that is not a request", () => {
  const cases: [unknown, string][] = [
    [[], "the body is not an object"],
    [{}, "resourceSpans is missing or not an array"],
    [{ resourceSpans: {} }, "resourceSpans is missing or not an array"],
    [{ resourceSpans: [5] }, "resourceSpans[0] is not an object"],
    [{ resourceSpans: [{ resource: [] }] }, "resourceSpans[0].resource is not an object"],
    [{ resourceSpans: [{ resource: { attributes: 3 } }] }, "attributes of resourceSpans[0].resource are not an array"],
    [{ resourceSpans: [{ scopeSpans: {} }] }, "resourceSpans[0].scopeSpans is not an array"],
    [{ resourceSpans: [{}, { scopeSpans: ["x"] }] }, "resourceSpans[1].scopeSpans[0] is not an object"],
    [
      { resourceSpans: [{ scopeSpans: [{ scope: { name: 1 } }] }] },
      "resourceSpans[0].scopeSpans[0].scope.name is not a string",
    ],
    [{ resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }, "resourceSpans[0].scopeSpans[0].spans is not an array"],
  ];
  for (const [json, message] of cases) {
    const error = thrown(() => decodeJsonRequest(JSON.stringify(json), limits));
    assert.equal(error.code, "E7031", message);
    assert.equal(error.message, `not a valid JSON ExportTraceServiceRequest: ${message}`);
  }
});

Deno.test("decodeJsonRequest() refuses more spans than limits.maxSpans with E7702", () => {
  const spans = [spanJson(1), spanJson(2), spanJson(3)];
  assert.equal(decodeJsonRequest(body(spans), { ...limits, maxSpans: 3 }).spans.length, 3);
  assert.equal(thrown(() => decodeJsonRequest(body(spans), { ...limits, maxSpans: 2 })).code, "E7702");
});

Deno.test("decodeJsonRequest() refuses an attribute value over limits.maxAttributeBytes with E7703, in UTF-8 bytes", () => {
  const attributes = [{ key: "gen_ai.output.messages", value: { stringValue: "é".repeat(50) } }];
  assert.equal(
    decodeJsonRequest(body([spanJson(1, { attributes })]), { ...limits, maxAttributeBytes: 100 }).spans.length,
    1,
  );
  const error = thrown(() =>
    decodeJsonRequest(body([spanJson(1, { attributes })]), { ...limits, maxAttributeBytes: 99 })
  );
  assert.equal(error.code, "E7703");
  assert.equal(error.message, 'attribute "gen_ai.output.messages" of span 0 is 100 bytes, over the limit of 99 bytes');
  const nested = [{
    key: "kv",
    value: { kvlistValue: { values: [{ key: "abc", value: { stringValue: "x".repeat(20) } }] } },
  }];
  const resource = { attributes: nested };
  assert.match(
    thrown(() => decodeJsonRequest(body([], resource), { ...limits, maxAttributeBytes: 22 })).message,
    /is 23 bytes/,
  );
});
