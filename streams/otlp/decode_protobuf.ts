/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest`
 * (`opentelemetry.proto.collector.trace.v1`) into flat {@linkcode Span}s.
 *
 * One pass over the bytes, no copies but the strings: nested messages are read in
 * place by one {@linkcode ProtobufReader}. Fields may come in any order, so a span's
 * resource and scope are attached when their enclosing message ends. A malformed
 * request is refused whole (E7030); a span with bad ids or times is rejected alone
 * and the rest are kept (partial success). Unknown fields are skipped; a known field
 * with the wrong wire type is malformed.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { ProtobufError, ProtobufReader, WireType } from "./protobuf_reader.ts";
import type { Attributes, AttributeValue, DecodedSpans, DecodeLimits, SpanEvent } from "./span.ts";
import {
  attributeTooLarge,
  doubleValue,
  int64Value,
  microsFromNanos,
  requestPath,
  type RequestPosition,
  setAttribute,
  spanOrProblem,
  tooManySpans,
} from "./span_rules.ts";

const LEN = WireType.lengthDelimited;
const VARINT = WireType.varint;
const I64 = WireType.fixed64;
const I32 = WireType.fixed32;

/** Deeper nesting of arrays and kvlists than this is refused rather than risking the stack. */
const maxDepth = 64;

const names = { resource: "resource_spans", scope: "scope_spans", span: "spans" };

interface Context {
  readonly limits: DecodeLimits;
  readonly out: DecodedSpans;
  /** Spans seen so far, taken or rejected: the next span's index. */
  count: number;
  readonly at: RequestPosition;
}

/**
 * Decodes the bytes of an `ExportTraceServiceRequest`.
 *
 * @throws {AtlasError} E7030 when the bytes are not a valid request (says what and where), E7702 past
 * `limits.maxSpans` spans, E7703 for an attribute value encoded larger than `limits.maxAttributeBytes`.
 */
export function decodeProtobufRequest(bytes: Uint8Array, limits: DecodeLimits): DecodedSpans {
  const r = new ProtobufReader(bytes);
  const ctx: Context = {
    limits,
    out: { spans: [], rejected: [] },
    count: 0,
    at: { resource: -1, scope: -1, span: -1 },
  };
  let resourceIndex = 0;
  try {
    while (r.more()) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        r.expect(tag, LEN);
        ctx.at.resource = resourceIndex++;
        readResourceSpans(r, ctx);
        ctx.at.resource = -1;
      } else {
        r.skip(tag);
      }
    }
  } catch (error) {
    if (error instanceof AtlasError) throw error;
    const where = requestPath(names, ctx.at);
    const offset = error instanceof ProtobufError ? error.offset : undefined;
    throw new AtlasError(
      "E7030",
      `not a valid protobuf ExportTraceServiceRequest: ${(error as Error).message} (in ${where})`,
      { details: { offset, where }, cause: error },
    );
  }
  return ctx.out;
}

function readResourceSpans(r: ProtobufReader, ctx: Context): void {
  const outer = r.enter();
  const first = ctx.out.spans.length;
  let resource: Attributes = {};
  let scopeIndex = 0;
  while (r.more()) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, LEN);
      resource = readResource(r, ctx);
    } else if (field === 2 || field === 1000) {
      // 1000 is the deprecated instrumentation_library_spans, laid out like scope_spans;
      // old SDKs still send it.
      r.expect(tag, LEN);
      ctx.at.scope = scopeIndex++;
      readScopeSpans(r, ctx);
      ctx.at.scope = -1;
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  const spans = ctx.out.spans;
  for (let i = first; i < spans.length; i++) spans[i]!.resource = resource;
}

function readResource(r: ProtobufReader, ctx: Context): Attributes {
  const outer = r.enter();
  const attributes: Attributes = {};
  while (r.more()) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, LEN);
      readKeyValue(r, ctx, attributes, "the resource", 0);
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  return attributes;
}

function readScopeSpans(r: ProtobufReader, ctx: Context): void {
  const outer = r.enter();
  const first = ctx.out.spans.length;
  let scope = { name: "", version: "" };
  let spanIndex = 0;
  while (r.more()) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, LEN);
      scope = readScope(r);
    } else if (field === 2) {
      r.expect(tag, LEN);
      if (ctx.count >= ctx.limits.maxSpans) throw tooManySpans(ctx.limits.maxSpans);
      ctx.at.span = spanIndex++;
      readSpan(r, ctx);
      ctx.at.span = -1;
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  const spans = ctx.out.spans;
  for (let i = first; i < spans.length; i++) spans[i]!.scope = scope;
}

function readScope(r: ProtobufReader): { name: string; version: string } {
  const outer = r.enter();
  let name = "";
  let version = "";
  while (r.more()) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, LEN);
      name = r.string();
    } else if (field === 2) {
      r.expect(tag, LEN);
      version = r.string();
    } else {
      // The scope's attributes (3) are not part of Span: skipped like unknown fields.
      r.skip(tag);
    }
  }
  r.leave(outer);
  return { name, version };
}

const noResource: Attributes = {};
const noScope = { name: "", version: "" };

function readSpan(r: ProtobufReader, ctx: Context): void {
  const outer = r.enter();
  let traceId = "";
  let spanId = "";
  let parentSpanId = "";
  let name = "";
  let kind = 0;
  let startNanos = 0n;
  let endNanos = 0n;
  const attributes: Attributes = {};
  const events: SpanEvent[] = [];
  let status = { code: 0, message: "" };
  const index = ctx.count++;
  while (r.more()) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag, LEN);
        traceId = r.bytes().toHex();
        break;
      case 2:
        r.expect(tag, LEN);
        spanId = r.bytes().toHex();
        break;
      case 4:
        r.expect(tag, LEN);
        parentSpanId = r.bytes().toHex();
        break;
      case 5:
        r.expect(tag, LEN);
        name = r.string();
        break;
      case 6:
        r.expect(tag, VARINT);
        kind = r.int32();
        break;
      case 7:
        r.expect(tag, I64);
        startNanos = r.fixed64();
        break;
      case 8:
        r.expect(tag, I64);
        endNanos = r.fixed64();
        break;
      case 9:
        r.expect(tag, LEN);
        readKeyValue(r, ctx, attributes, `span ${index}`, 0);
        break;
      case 11:
        r.expect(tag, LEN);
        events.push(readEvent(r, ctx, index));
        break;
      case 15:
        r.expect(tag, LEN);
        status = readStatus(r);
        break;
      case 16:
        r.expect(tag, I32);
        r.fixed32(); // flags: the W3C trace flags, not needed downstream
        break;
      default:
        // trace_state (3), dropped counts (10, 12, 14), links (13) and unknown fields.
        r.skip(tag);
    }
  }
  r.leave(outer);
  const span = spanOrProblem({
    traceId,
    spanId,
    parentSpanId,
    startNanos,
    endNanos,
    statusCode: status.code,
    name,
    kind,
    attributes,
    events,
    statusMessage: status.message,
    resource: noResource,
    scope: noScope,
  });
  if (typeof span === "string") {
    ctx.out.rejected.push({ index, reason: span });
    return;
  }
  ctx.out.spans.push(span);
}

function readEvent(r: ProtobufReader, ctx: Context, spanIndex: number): SpanEvent {
  const outer = r.enter();
  let time = 0n;
  let name = "";
  const attributes: Attributes = {};
  while (r.more()) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, I64);
      time = r.fixed64();
    } else if (field === 2) {
      r.expect(tag, LEN);
      name = r.string();
    } else if (field === 3) {
      r.expect(tag, LEN);
      readKeyValue(r, ctx, attributes, `an event of span ${spanIndex}`, 0);
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  return { name, time: microsFromNanos(time), attributes };
}

function readStatus(r: ProtobufReader): { code: number; message: string } {
  const outer = r.enter();
  let code = 0;
  let message = "";
  while (r.more()) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 2) {
      r.expect(tag, LEN);
      message = r.string();
    } else if (field === 3) {
      r.expect(tag, VARINT);
      code = r.int32();
    } else {
      // 1 is the removed deprecated_code.
      r.skip(tag);
    }
  }
  r.leave(outer);
  return { code, message };
}

/**
 * Reads one `KeyValue` into `target`. At the top (depth 0) the value's encoded size is
 * checked against the limit before it is decoded; an oversized value is skipped and
 * reported once the key is known (the key may follow the value on the wire).
 */
function readKeyValue(r: ProtobufReader, ctx: Context, target: Attributes, where: string, depth: number): void {
  const outer = r.enter();
  let key = "";
  let value: AttributeValue = null;
  let oversize = -1;
  while (r.more()) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, LEN);
      key = r.string();
    } else if (field === 2) {
      r.expect(tag, LEN);
      if (depth === 0) {
        const at = r.pos;
        const size = r.length();
        r.pos = at;
        if (size > ctx.limits.maxAttributeBytes) {
          oversize = size;
          r.skip(tag);
          continue;
        }
      }
      value = readAnyValue(r, ctx, where, depth);
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  if (oversize >= 0) throw attributeTooLarge(key, where, oversize, ctx.limits.maxAttributeBytes);
  setAttribute(target, key, value);
}

function readAnyValue(r: ProtobufReader, ctx: Context, where: string, depth: number): AttributeValue {
  if (depth > maxDepth) throw new ProtobufError(`attribute values nested deeper than ${maxDepth}`, r.pos);
  const outer = r.enter();
  // An AnyValue with no field set is "empty": null.
  let value: AttributeValue = null;
  while (r.more()) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag, LEN);
        value = r.string();
        break;
      case 2:
        r.expect(tag, VARINT);
        value = r.bool();
        break;
      case 3:
        r.expect(tag, VARINT);
        value = int64Value(r.int64());
        break;
      case 4:
        r.expect(tag, I64);
        value = doubleValue(r.double());
        break;
      case 5:
        r.expect(tag, LEN);
        value = readArrayValue(r, ctx, where, depth + 1);
        break;
      case 6:
        r.expect(tag, LEN);
        value = readKeyValueList(r, ctx, where, depth + 1);
        break;
      case 7:
        r.expect(tag, LEN);
        value = r.bytes().toBase64();
        break;
      default:
        r.skip(tag);
    }
  }
  r.leave(outer);
  return value;
}

function readArrayValue(r: ProtobufReader, ctx: Context, where: string, depth: number): AttributeValue[] {
  const outer = r.enter();
  const values: AttributeValue[] = [];
  while (r.more()) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, LEN);
      values.push(readAnyValue(r, ctx, where, depth));
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  return values;
}

function readKeyValueList(r: ProtobufReader, ctx: Context, where: string, depth: number): Attributes {
  const outer = r.enter();
  const values: Attributes = {};
  while (r.more()) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, LEN);
      readKeyValue(r, ctx, values, where, depth);
    } else {
      r.skip(tag);
    }
  }
  r.leave(outer);
  return values;
}
