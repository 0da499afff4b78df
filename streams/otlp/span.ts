/**
 * A span as the OTLP decoders hand it on: the wire's nesting (resource → scope →
 * span) flattened, ids as lower-case hex, times in microseconds since the epoch,
 * attributes as plain JSON values. Both encodings (protobuf and JSON) decode to this,
 * so the GenAI mapping reads one shape.
 *
 * @module
 */

/** An OTLP `AnyValue` as plain data: kvlists become objects, bytes base64 strings, int64 numbers. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

/** OTLP `Status.code`: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

export interface SpanEvent {
  name: string;
  /** Microseconds since the epoch. */
  time: number;
  attributes: Attributes;
}

export interface Span {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** Null for a root span. */
  parentSpanId: string | null;
  name: string;
  /** OTLP `SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Microseconds since the epoch. */
  start: number;
  end: number;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: StatusCode; message: string };
  /** The attributes of the span's resource (`service.name`, ...). */
  resource: Attributes;
  /** The instrumentation scope that made the span. */
  scope: { name: string; version: string };
}

/** A span the decoder could not take, by its position among the request's spans. */
export interface RejectedSpan {
  index: number;
  reason: string;
}

/** What a request holds: the spans taken and those rejected alone (OTLP partial success). */
export interface DecodedSpans {
  spans: Span[];
  rejected: RejectedSpan[];
}

/** Limits a decoder enforces; past them the whole request is refused (413). */
export interface DecodeLimits {
  /** Most spans in one request (E7702 past it). */
  maxSpans: number;
  /** Largest single attribute value, in bytes of its encoding (E7703 past it). */
  maxAttributeBytes: number;
}
