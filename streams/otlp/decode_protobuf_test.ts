import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { decodeProtobufRequest } from "./decode_protobuf.ts";
import { encodeProtobufRequest, type OtlpJsonRequest, type OtlpJsonSpan } from "./encode_protobuf.ts";
import { ProtobufWriter } from "./protobuf_writer.ts";
import { assertRecordedRuns } from "./testdata/expect_recorded.ts";
import { fixtures } from "./testdata/record.ts";
import { thrown } from "../../tests/support/rejection.ts";

const limits = { maxSpans: 512, maxAttributeBytes: 1 << 20 };
const fixture = (name: string) => Deno.readFile(new URL(`./testdata/${name}`, import.meta.url));

const traceId = "5b8efff798038103d269b633813fc60c";
const span = (n: number, extra: Partial<OtlpJsonSpan> = {}): OtlpJsonSpan => ({
  traceId,
  spanId: n.toString(16).padStart(16, "0"),
  name: `step ${n}`,
  kind: 1,
  startTimeUnixNano: `${1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n}`,
  endTimeUnixNano: `${1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n + 500_000n}`,
  ...extra,
});
const request = (spans: OtlpJsonSpan[]): OtlpJsonRequest => ({
  resourceSpans: [{
    resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
    scopeSpans: [{ scope: { name: "lib", version: "1.0" }, spans }],
  }],
});

Deno.test("decodeProtobufRequest() reads what the JS SDK's protobuf exporter sent, field by field", async () => {
  assertRecordedRuns(decodeProtobufRequest(await fixture(fixtures.jsProtobuf), limits), {
    serviceName: "atlas-test-agent",
    language: "js",
  });
});

Deno.test("decodeProtobufRequest() reads what Python's protobuf exporter sent, field by field", async () => {
  assertRecordedRuns(decodeProtobufRequest(await fixture(fixtures.pythonProtobuf), limits), {
    serviceName: "atlas-test-agent-py",
    language: "python",
  });
});

Deno.test("decodeProtobufRequest() reads every field of a span it keeps", () => {
  const decoded = decodeProtobufRequest(
    encodeProtobufRequest(request([span(1, {
      parentSpanId: "00f067aa0ba902b7",
      traceState: "congo=t61rcWkgMzE",
      flags: 1,
      kind: 3,
      attributes: [
        { key: "s", value: { stringValue: "héllo ✓" } },
        { key: "b", value: { boolValue: true } },
        { key: "i", value: { intValue: "-42" } },
        { key: "big", value: { intValue: "9007199254740993" } },
        { key: "d", value: { doubleValue: 0.25 } },
        { key: "a", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: 1 }, {}] } } },
        { key: "kv", value: { kvlistValue: { values: [{ key: "nested", value: { boolValue: false } }] } } },
        { key: "bytes", value: { bytesValue: "AQL/" } },
        { key: "empty", value: {} },
      ],
      events: [{
        timeUnixNano: "1700000000001250999",
        name: "exception",
        attributes: [{ key: "k", value: { stringValue: "v" } }],
      }],
      status: { code: 2, message: "boom" },
    })])),
    limits,
  );
  assert.deepEqual(decoded, {
    rejected: [],
    spans: [{
      traceId,
      spanId: "0000000000000001",
      parentSpanId: "00f067aa0ba902b7",
      name: "step 1",
      kind: 3,
      start: 1_700_000_000_001_000,
      end: 1_700_000_000_001_500,
      attributes: {
        s: "héllo ✓",
        b: true,
        i: -42,
        big: "9007199254740993",
        d: 0.25,
        a: ["x", 1, null],
        kv: { nested: false },
        bytes: "AQL/",
        empty: null,
      },
      events: [{ name: "exception", time: 1_700_000_000_001_250, attributes: { k: "v" } }],
      status: { code: 2, message: "boom" },
      resource: { "service.name": "svc" },
      scope: { name: "lib", version: "1.0" },
    }],
  });
});

Deno.test("decodeProtobufRequest() rejects a span with a 15-byte trace id alone and keeps the rest", () => {
  const decoded = decodeProtobufRequest(
    encodeProtobufRequest(request([span(1), span(2, { traceId: traceId.slice(2) }), span(3)])),
    limits,
  );
  assert.deepEqual(decoded.spans.map((s) => s.spanId), ["0000000000000001", "0000000000000003"]);
  assert.deepEqual(decoded.rejected, [{ index: 1, reason: "trace id is 15 bytes, not 16" }]);
});

Deno.test("decodeProtobufRequest() rejects bad ids and times alone, counting spans across the whole request", () => {
  const bad: [Partial<OtlpJsonSpan>, string][] = [
    [{ traceId: "0".repeat(32) }, "trace id is all zeros"],
    [{ spanId: "00000000000001" }, "span id is 7 bytes, not 8"],
    [{ spanId: "0".repeat(16) }, "span id is all zeros"],
    [{ parentSpanId: "0102" }, "parent span id is 2 bytes, not 8"],
    [{ startTimeUnixNano: "0" }, "span has no start time"],
    [{ endTimeUnixNano: "0" }, "span has no end time"],
    [{ endTimeUnixNano: "1600000000000000000" }, "span ends before it starts"],
    [{ status: { code: 7 } }, "status code 7 is not 0 (unset), 1 (ok) or 2 (error)"],
  ];
  const encoded = encodeProtobufRequest({
    resourceSpans: [
      { scopeSpans: [{ spans: [span(100)] }] },
      { scopeSpans: [{ spans: bad.map(([extra], i) => span(i + 1, extra)) }, { spans: [span(200)] }] },
    ],
  });
  const decoded = decodeProtobufRequest(encoded, limits);
  assert.deepEqual(decoded.spans.map((s) => s.name), ["step 100", "step 200"]);
  assert.deepEqual(decoded.rejected, bad.map(([, reason], i) => ({ index: i + 1, reason })));
});

Deno.test("decodeProtobufRequest() refuses more spans than limits.maxSpans with E7702", () => {
  const spans = Array.from({ length: 4 }, (_, i) => span(i + 1));
  assert.equal(
    decodeProtobufRequest(encodeProtobufRequest(request(spans)), { ...limits, maxSpans: 4 }).spans.length,
    4,
  );
  const error = thrown(() => decodeProtobufRequest(encodeProtobufRequest(request(spans)), { ...limits, maxSpans: 3 }));
  assert.equal(error.code, "E7702");
  assert.equal(error.status, 413);
  assert.match(error.message, /more than 3 spans/);
});

Deno.test("decodeProtobufRequest() refuses an attribute value over limits.maxAttributeBytes with E7703, naming it", () => {
  const big = span(1, { attributes: [{ key: "gen_ai.input.messages", value: { stringValue: "x".repeat(1000) } }] });
  const error = thrown(() =>
    decodeProtobufRequest(encodeProtobufRequest(request([span(2), big])), { ...limits, maxAttributeBytes: 999 })
  );
  assert.equal(error.code, "E7703");
  // The AnyValue is a tag, a two-byte length and the 1,000 bytes.
  assert.equal(error.message, 'attribute "gen_ai.input.messages" of span 1 is 1003 bytes, over the limit of 999 bytes');
  assert.deepEqual(error.details, {
    key: "gen_ai.input.messages",
    where: "span 1",
    bytes: 1003,
    maxAttributeBytes: 999,
  });
  const resource = encodeProtobufRequest({
    resourceSpans: [{ resource: { attributes: [{ key: "host", value: { stringValue: "y".repeat(50) } }] } }],
  });
  assert.match(
    thrown(() => decodeProtobufRequest(resource, { ...limits, maxAttributeBytes: 10 })).message,
    /of the resource/,
  );
});

Deno.test("decodeProtobufRequest() reads the key of an oversized value that comes after it", () => {
  const value = new ProtobufWriter().string(1, "z".repeat(100));
  const kv = new ProtobufWriter().message(2, value).string(1, "late.key");
  const s = new ProtobufWriter().bytes(1, Uint8Array.fromHex(traceId)).bytes(2, Uint8Array.fromHex("0102030405060708"))
    .fixed64(7, 1n).fixed64(8, 2n).message(9, kv);
  const bytes = new ProtobufWriter().message(1, new ProtobufWriter().message(2, new ProtobufWriter().message(2, s)));
  assert.match(
    thrown(() => decodeProtobufRequest(bytes.finish(), { ...limits, maxAttributeBytes: 50 })).message,
    /^attribute "late\.key" of span 0 is 102 bytes/,
  );
});

Deno.test("decodeProtobufRequest() takes resource and scope wherever they come, and the deprecated field 1000", () => {
  const s = new ProtobufWriter().bytes(1, Uint8Array.fromHex(traceId)).bytes(2, Uint8Array.fromHex("0102030405060708"))
    .string(5, "late").fixed64(7, 1000n).fixed64(8, 2000n);
  const scope = new ProtobufWriter().string(1, "old.library").string(2, "0.1");
  const resource = new ProtobufWriter().message(
    1,
    new ProtobufWriter().string(1, "service.name").message(2, new ProtobufWriter().string(1, "legacy")),
  );
  // Spans before their scope, scope spans before their resource, under field 1000.
  const library = new ProtobufWriter().message(2, s).message(1, scope).string(3, "https://schema");
  const rs = new ProtobufWriter().message(1000, library).message(1, resource);
  const [decoded] = decodeProtobufRequest(new ProtobufWriter().message(1, rs).finish(), limits).spans;
  assert.equal(decoded!.name, "late");
  assert.deepEqual(decoded!.scope, { name: "old.library", version: "0.1" });
  assert.deepEqual(decoded!.resource, { "service.name": "legacy" });
  assert.equal(decoded!.start, 1);
});

Deno.test("decodeProtobufRequest() skips unknown fields of every wire type", () => {
  const unknown = (w: ProtobufWriter) => w.varint(90, 5).fixed64(91, 7n).string(92, "x").fixed32(93, 9);
  const s = unknown(new ProtobufWriter().bytes(1, Uint8Array.fromHex(traceId)))
    .bytes(2, Uint8Array.fromHex("0102030405060708")).fixed64(7, 1000n).fixed64(8, 2000n);
  const bytes = unknown(
    new ProtobufWriter().message(
      1,
      unknown(new ProtobufWriter().message(2, unknown(new ProtobufWriter().message(2, s)))),
    ),
  );
  assert.equal(decodeProtobufRequest(bytes.finish(), limits).spans.length, 1);
});

Deno.test("decodeProtobufRequest() keeps a bad UTF-8 string as U+FFFD rather than refusing the request", () => {
  const s = new ProtobufWriter().bytes(1, Uint8Array.fromHex(traceId)).bytes(2, Uint8Array.fromHex("0102030405060708"))
    .bytes(5, new Uint8Array([0x61, 0xff, 0x62])).fixed64(7, 1000n).fixed64(8, 2000n);
  const bytes = new ProtobufWriter().message(1, new ProtobufWriter().message(2, new ProtobufWriter().message(2, s)));
  assert.equal(decodeProtobufRequest(bytes.finish(), limits).spans[0]!.name, "a\ufffdb");
});

Deno.test("decodeProtobufRequest() reads an empty body as a request with no spans", () => {
  assert.deepEqual(decodeProtobufRequest(new Uint8Array(0), limits), { spans: [], rejected: [] });
});

Deno.test("decodeProtobufRequest() throws E7030 or decodes at every prefix of a real request, never crashing", async () => {
  const bytes = await fixture(fixtures.jsProtobuf);
  let refused = 0;
  for (let length = 0; length < bytes.length; length++) {
    try {
      decodeProtobufRequest(bytes.subarray(0, length), limits);
    } catch (error) {
      assert.ok(error instanceof AtlasError && error.code === "E7030", `prefix ${length}: ${error}`);
      refused++;
    }
  }
  // A prefix ending exactly between two resource_spans is a valid (shorter) request; nearly all others are not.
  assert.ok(refused >= bytes.length - 2, `${refused} of ${bytes.length} prefixes refused`);
});

Deno.test("decodeProtobufRequest() says what is malformed and where", () => {
  const s = new ProtobufWriter().bytes(1, Uint8Array.fromHex(traceId)).varint(5, 1); // name as a varint
  const bytes = new ProtobufWriter().message(1, new ProtobufWriter().message(2, new ProtobufWriter().message(2, s)));
  const error = thrown(() => decodeProtobufRequest(bytes.finish(), limits));
  assert.equal(error.code, "E7030");
  assert.equal(error.status, 400);
  assert.match(
    error.message,
    /field 5 has wire type 0, expected 2 at byte \d+ \(in resource_spans\[0\]\.scope_spans\[0\]\.spans\[0\]\)/,
  );
  assert.deepEqual(Object.keys(error.details as object), ["offset", "where"]);
});

Deno.test("decodeProtobufRequest() refuses wrong wire types, groups and overlong lengths with E7030", () => {
  const cases = [
    new Uint8Array([0x08, 0x01]), // resource_spans as a varint
    new Uint8Array([0x0b, 0x0c]), // a group
    new Uint8Array([0x0f]), // wire type 7
    new Uint8Array([0x0a, 0x05, 0x01]), // length past the end
    new Uint8Array([0x00]), // field 0
    new Uint8Array([0x0a, 0x02, 0x12, 0x05]), // a nested length past its message
    new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), // an 11-byte varint
  ];
  for (const bytes of cases) {
    assert.equal(thrown(() => decodeProtobufRequest(bytes, limits)).code, "E7030", bytes.toHex());
  }
});

Deno.test("decodeProtobufRequest() refuses values nested deeper than 64 with E7030 instead of overflowing the stack", () => {
  let value = new ProtobufWriter().string(1, "leaf");
  for (let i = 0; i < 200; i++) value = new ProtobufWriter().message(5, new ProtobufWriter().message(1, value));
  const s = new ProtobufWriter().bytes(1, Uint8Array.fromHex(traceId)).message(
    9,
    new ProtobufWriter().string(1, "k").message(2, value),
  );
  const bytes = new ProtobufWriter().message(1, new ProtobufWriter().message(2, new ProtobufWriter().message(2, s)));
  assert.match(thrown(() => decodeProtobufRequest(bytes.finish(), limits)).message, /nested deeper than 64/);
});

Deno.test("decodeProtobufRequest() never throws anything but an AtlasError on random bytes", () => {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 2_000; i++) {
    const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256));
    try {
      decodeProtobufRequest(bytes, limits);
    } catch (error) {
      assert.ok(error instanceof AtlasError && error.code === "E7030", `${bytes.toHex()}: ${error}`);
    }
  }
});

Deno.test("decodeProtobufRequest() decodes a 15 MB request of 512 spans in well under 100 ms", () => {
  const messages = JSON.stringify(Array.from({ length: 60 }, (_, i) => ({
    role: i % 2 ? "assistant" : "user",
    parts: [{ type: "text", content: `${"a long turn of the conversation, é ✓ ".repeat(12)}${i}` }],
  })));
  const spans = Array.from({ length: 512 }, (_, i) =>
    span(i + 1, {
      kind: 3,
      attributes: [
        { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
        { key: "gen_ai.input.messages", value: { stringValue: messages } },
        { key: "gen_ai.usage.input_tokens", value: { intValue: "1234" } },
        { key: "gen_ai.response.finish_reasons", value: { arrayValue: { values: [{ stringValue: "stop" }] } } },
      ],
    }));
  const bytes = encodeProtobufRequest(request(spans));
  assert.ok(bytes.length > 15_000_000, `${bytes.length} bytes`);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const decoded = decodeProtobufRequest(bytes, limits);
    best = Math.min(best, performance.now() - started);
    assert.equal(decoded.spans.length, 512);
  }
  assert.ok(best < 100, `best of 3 took ${best.toFixed(1)} ms`);
});
