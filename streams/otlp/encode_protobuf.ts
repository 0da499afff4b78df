/**
 * Encodes an OTLP/JSON `ExportTraceServiceRequest` (lowerCamelCase, hex ids, the
 * spec's JSON form) as OTLP/protobuf bytes. The service never sends requests: this
 * exists so tests can turn a readable request into the protobuf wire form, bend it
 * (a 15-byte trace id, a huge attribute, 10,000 spans), and feed Kafka `otlp_proto`
 * messages, without a second protobuf library. Ids are written as given (any even
 * number of hex digits), so invalid ids can be encoded on purpose.
 *
 * @module
 */
import { ProtobufWriter } from "./protobuf_writer.ts";

/** An OTLP/JSON `AnyValue`. */
export type OtlpJsonAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string | number }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpJsonAnyValue[] } }
  | { kvlistValue: { values: OtlpJsonKeyValue[] } }
  | { bytesValue: string }
  | Record<string, never>;

/** An OTLP/JSON `KeyValue`. */
export interface OtlpJsonKeyValue {
  key: string;
  value: OtlpJsonAnyValue;
}

/** An OTLP/JSON span, as the encoder takes it (enums as integers). */
export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpJsonKeyValue[];
  events?: { timeUnixNano: string; name: string; attributes?: OtlpJsonKeyValue[] }[];
  status?: { code?: number; message?: string };
  flags?: number;
}

/** An OTLP/JSON `ExportTraceServiceRequest`. */
export interface OtlpJsonRequest {
  resourceSpans: {
    resource?: { attributes?: OtlpJsonKeyValue[] };
    scopeSpans?: { scope?: { name?: string; version?: string }; spans?: OtlpJsonSpan[] }[];
    schemaUrl?: string;
  }[];
}

/** The request as protobuf bytes. */
export function encodeProtobufRequest(request: OtlpJsonRequest): Uint8Array<ArrayBuffer> {
  const out = new ProtobufWriter();
  for (const resourceSpans of request.resourceSpans) {
    const rs = new ProtobufWriter();
    if (resourceSpans.resource) {
      const resource = new ProtobufWriter();
      for (const kv of resourceSpans.resource.attributes ?? []) resource.message(1, keyValue(kv));
      rs.message(1, resource);
    }
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const ss = new ProtobufWriter();
      if (scopeSpans.scope) {
        const scope = new ProtobufWriter();
        if (scopeSpans.scope.name) scope.string(1, scopeSpans.scope.name);
        if (scopeSpans.scope.version) scope.string(2, scopeSpans.scope.version);
        ss.message(1, scope);
      }
      for (const span of scopeSpans.spans ?? []) ss.message(2, encodeSpan(span));
      rs.message(2, ss);
    }
    if (resourceSpans.schemaUrl) rs.string(3, resourceSpans.schemaUrl);
    out.message(1, rs);
  }
  return out.finish();
}

function encodeSpan(span: OtlpJsonSpan): ProtobufWriter {
  const w = new ProtobufWriter();
  w.bytes(1, Uint8Array.fromHex(span.traceId));
  w.bytes(2, Uint8Array.fromHex(span.spanId));
  if (span.traceState) w.string(3, span.traceState);
  if (span.parentSpanId) w.bytes(4, Uint8Array.fromHex(span.parentSpanId));
  if (span.flags !== undefined) w.fixed32(16, span.flags);
  w.string(5, span.name);
  if (span.kind) w.varint(6, span.kind);
  w.fixed64(7, BigInt(span.startTimeUnixNano));
  w.fixed64(8, BigInt(span.endTimeUnixNano));
  for (const kv of span.attributes ?? []) w.message(9, keyValue(kv));
  for (const event of span.events ?? []) {
    const e = new ProtobufWriter().fixed64(1, BigInt(event.timeUnixNano)).string(2, event.name);
    for (const kv of event.attributes ?? []) e.message(3, keyValue(kv));
    w.message(11, e);
  }
  if (span.status) {
    const s = new ProtobufWriter();
    if (span.status.message) s.string(2, span.status.message);
    if (span.status.code) s.varint(3, span.status.code);
    w.message(15, s);
  }
  return w;
}

function keyValue(kv: OtlpJsonKeyValue): ProtobufWriter {
  return new ProtobufWriter().string(1, kv.key).message(2, anyValue(kv.value));
}

function anyValue(value: OtlpJsonAnyValue): ProtobufWriter {
  const w = new ProtobufWriter();
  if ("stringValue" in value) w.string(1, value.stringValue);
  else if ("boolValue" in value) w.bool(2, value.boolValue);
  else if ("intValue" in value) w.varint(3, BigInt(value.intValue));
  else if ("doubleValue" in value) w.double(4, value.doubleValue);
  else if ("arrayValue" in value) {
    const array = new ProtobufWriter();
    for (const item of value.arrayValue.values) array.message(1, anyValue(item));
    w.message(5, array);
  } else if ("kvlistValue" in value) {
    const list = new ProtobufWriter();
    for (const kv of value.kvlistValue.values) list.message(1, keyValue(kv));
    w.message(6, list);
  } else if ("bytesValue" in value) w.bytes(7, Uint8Array.fromBase64(value.bytesValue));
  return w;
}
