/**
 * Spans written as an OTLP/JSON `ExportTraceServiceRequest` (and from there as
 * protobuf, with the encoder tests share), grouped by resource the way an SDK
 * exports them: the inverse of the decoders, for tests and benchmarks.
 *
 * @module
 */
import {
  encodeProtobufRequest,
  type OtlpJsonAnyValue,
  type OtlpJsonRequest,
} from "../../streams/otlp/encode_protobuf.ts";
import type { Attributes, AttributeValue, Span } from "../../streams/otlp/span.ts";

/** The request carrying `spans`. */
export function otlpJson(spans: readonly Span[]): OtlpJsonRequest {
  const byResource = new Map<string, Span[]>();
  for (const span of spans) {
    const key = JSON.stringify(span.resource);
    byResource.set(key, [...(byResource.get(key) ?? []), span]);
  }
  return {
    resourceSpans: [...byResource.values()].map((group) => ({
      resource: { attributes: keyValues(group[0]!.resource) },
      scopeSpans: [{
        scope: group[0]!.scope,
        spans: group.map((span) => ({
          traceId: span.traceId,
          spanId: span.spanId,
          ...(span.parentSpanId && { parentSpanId: span.parentSpanId }),
          name: span.name,
          kind: span.kind,
          startTimeUnixNano: `${span.start}000`,
          endTimeUnixNano: `${span.end}000`,
          attributes: keyValues(span.attributes),
          events: span.events.map((e) => ({
            timeUnixNano: `${e.time}000`,
            name: e.name,
            attributes: keyValues(e.attributes),
          })),
          status: span.status,
        })),
      }],
    })),
  };
}

/** The same request as protobuf bytes. */
export const otlpProtobuf = (spans: readonly Span[]) => encodeProtobufRequest(otlpJson(spans));

const keyValues = (attributes: Attributes) =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

function anyValue(value: AttributeValue): OtlpJsonAnyValue {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (value === null) return {};
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}
