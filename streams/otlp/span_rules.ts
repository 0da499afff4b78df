/**
 * The rules both OTLP decoders share, so protobuf and JSON refuse the same things
 * with the same words: when a span is rejected alone (OTLP partial success), and the
 * errors for requests past the limits, which refuse the whole request.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { Attributes, AttributeValue, Span, SpanEvent, StatusCode } from "./span.ts";

/** The span's fields the rules look at: ids as lower-case hex (as decoded, any length), times in nanoseconds. */
export interface SpanIdentity {
  traceId: string;
  spanId: string;
  /** Empty when the span has no parent. */
  parentSpanId: string;
  startNanos: bigint;
  endNanos: bigint;
  statusCode: number;
}

const zeros = /^0*$/;

/** Why a span cannot be taken, or null when it can. The OTLP spec calls ids of the wrong length or all zeros invalid. */
export function spanProblem(span: SpanIdentity): string | null {
  if (span.traceId.length !== 32) return `trace id is ${span.traceId.length / 2} bytes, not 16`;
  if (zeros.test(span.traceId)) return "trace id is all zeros";
  if (span.spanId.length !== 16) return `span id is ${span.spanId.length / 2} bytes, not 8`;
  if (zeros.test(span.spanId)) return "span id is all zeros";
  if (span.parentSpanId !== "" && span.parentSpanId.length !== 16) {
    return `parent span id is ${span.parentSpanId.length / 2} bytes, not 8`;
  }
  if (span.startNanos === 0n) return "span has no start time";
  if (span.endNanos === 0n) return "span has no end time";
  if (span.endNanos < span.startNanos) return "span ends before it starts";
  if (span.statusCode !== 0 && span.statusCode !== 1 && span.statusCode !== 2) {
    return `status code ${span.statusCode} is not 0 (unset), 1 (ok) or 2 (error)`;
  }
  return null;
}

/** Everything a decoder read of a span, before the rules have looked at it. */
export interface DecodedSpan extends SpanIdentity {
  name: string;
  kind: number;
  attributes: Attributes;
  events: SpanEvent[];
  statusMessage: string;
  resource: Span["resource"];
  scope: Span["scope"];
}

/** The span, or why it cannot be taken ({@link spanProblem}). */
export function spanOrProblem(read: DecodedSpan): Span | string {
  const problem = spanProblem(read);
  if (problem !== null) return problem;
  return {
    traceId: read.traceId,
    spanId: read.spanId,
    parentSpanId: read.parentSpanId === "" ? null : read.parentSpanId,
    name: read.name,
    kind: read.kind,
    start: microsFromNanos(read.startNanos),
    end: microsFromNanos(read.endNanos),
    attributes: read.attributes,
    events: read.events,
    status: { code: read.statusCode as StatusCode, message: read.statusMessage },
    resource: read.resource,
    scope: read.scope,
  };
}

/** Nanoseconds since the epoch as whole microseconds (exact: the division happens on the 64-bit value). */
export function microsFromNanos(nanos: bigint): number {
  return Number(nanos / 1000n);
}

/** An `int64` as a JSON value: a number when exact, else its decimal string, so no digit is lost silently. */
export function int64Value(value: number | bigint): number | string {
  return typeof value === "number" ? value : String(value);
}

/** A double as a JSON value: NaN and the infinities become the strings proto3 JSON uses for them. */
export function doubleValue(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** Sets an attribute; `__proto__` is defined as an own property rather than replacing the object's prototype. */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** E7702: the request holds more spans than one request may. */
export function tooManySpans(maxSpans: number): AtlasError {
  return new AtlasError("E7702", `the request holds more than ${maxSpans} spans, the most one request may hold`, {
    details: { maxSpans },
  });
}

/** E7703: one attribute value is larger than allowed; says which, where and how large. */
export function attributeTooLarge(key: string, where: string, bytes: number, maxAttributeBytes: number): AtlasError {
  return new AtlasError(
    "E7703",
    `attribute "${key}" of ${where} is ${bytes} bytes, over the limit of ${maxAttributeBytes} bytes`,
    { details: { key, where, bytes, maxAttributeBytes } },
  );
}

/** Where a decoder is in a request, for error messages: `resourceSpans[0].scopeSpans[1].spans[2]`. */
export function requestPath(names: { resource: string; scope: string; span: string }, at: RequestPosition): string {
  let path = "";
  if (at.resource >= 0) path += `${names.resource}[${at.resource}]`;
  if (at.scope >= 0) path += `.${names.scope}[${at.scope}]`;
  if (at.span >= 0) path += `.${names.span}[${at.span}]`;
  return path === "" ? "the request" : path;
}

/** Indexes of the resource, scope and span a decoder is reading; -1 when outside one. */
export interface RequestPosition {
  resource: number;
  scope: number;
  span: number;
}
