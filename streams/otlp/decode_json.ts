/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into flat {@linkcode Span}s.
 *
 * OTLP/JSON is protobuf's JSON mapping with two changes the OTLP spec makes: trace
 * and span ids are hex, and enums are integers. Receivers meet more than the spec's
 * form in practice, so this also takes the proto field names (`resource_spans`,
 * `start_time_unix_nano`), enum names (`SPAN_KIND_CLIENT`), base64 ids (protobuf's
 * own JSON mapping, which some exporters use) and 64-bit integers as strings or
 * numbers. Unknown fields are ignored, as the spec asks.
 *
 * Not JSON: E7001. JSON that is not a request (wrong types above the spans): E7031,
 * naming the path. A span with wrong types or ids is rejected alone. Limits as for
 * protobuf: E7702, E7703.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { Attributes, AttributeValue, DecodedSpans, DecodeLimits, Span, SpanEvent } from "./span.ts";
import {
  attributeTooLarge,
  doubleValue,
  microsFromNanos,
  setAttribute,
  spanOrProblem,
  tooManySpans,
} from "./span_rules.ts";

type Json = unknown;
type JsonObject = Record<string, Json>;

/** A span that cannot be taken; caught per span and recorded as rejected. */
class SpanRejection extends Error {}

/** A request-level shape error; becomes E7031. */
class RequestShapeError extends Error {}

const spanKinds: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const statusCodes: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

const maxDepth = 64;

/**
 * Decodes the text of an OTLP/JSON request.
 *
 * @throws {AtlasError} E7001 when the body is not JSON, E7031 when it is not a request, E7702 past
 * `limits.maxSpans` spans, E7703 for an attribute value larger than `limits.maxAttributeBytes`
 * (strings counted in UTF-8 bytes, numbers as 8, booleans as 1, nested keys included).
 */
export function decodeJsonRequest(body: string, limits: DecodeLimits): DecodedSpans {
  let root: Json;
  try {
    root = JSON.parse(body);
  } catch (error) {
    throw new AtlasError("E7001", `body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return decodeRequest(root, limits);
  } catch (error) {
    if (error instanceof RequestShapeError) {
      throw new AtlasError("E7031", `not a valid JSON ExportTraceServiceRequest: ${error.message}`);
    }
    throw error;
  }
}

function decodeRequest(root: Json, limits: DecodeLimits): DecodedSpans {
  const request = object(root, "the body");
  const resourceSpansList = field(request, "resourceSpans", "resource_spans");
  if (!Array.isArray(resourceSpansList)) throw new RequestShapeError("resourceSpans is missing or not an array");
  const out: DecodedSpans = { spans: [], rejected: [] };
  let count = 0;
  resourceSpansList.forEach((item, r) => {
    const path = `resourceSpans[${r}]`;
    const resourceSpans = object(item, path);
    const resourceJson = optionalObject(field(resourceSpans, "resource"), `${path}.resource`);
    const resource: Attributes = {};
    if (resourceJson) {
      readAttributeList(field(resourceJson, "attributes"), resource, limits, `${path}.resource`, (message) => {
        throw new RequestShapeError(message);
      });
    }
    const scopeSpansList = optionalArray(
      field(resourceSpans, "scopeSpans", "scope_spans") ??
        field(resourceSpans, "instrumentationLibrarySpans", "instrumentation_library_spans"),
      `${path}.scopeSpans`,
    );
    scopeSpansList.forEach((scopeItem, s) => {
      const scopePath = `${path}.scopeSpans[${s}]`;
      const scopeSpans = object(scopeItem, scopePath);
      const scopeJson = optionalObject(
        field(scopeSpans, "scope") ?? field(scopeSpans, "instrumentationLibrary", "instrumentation_library"),
        `${scopePath}.scope`,
      );
      const scope = {
        name: optionalString(scopeJson && field(scopeJson, "name"), `${scopePath}.scope.name`),
        version: optionalString(scopeJson && field(scopeJson, "version"), `${scopePath}.scope.version`),
      };
      for (const spanJson of optionalArray(field(scopeSpans, "spans"), `${scopePath}.spans`)) {
        if (count >= limits.maxSpans) throw tooManySpans(limits.maxSpans);
        const index = count++;
        try {
          out.spans.push(readSpan(spanJson, index, resource, scope, limits));
        } catch (error) {
          if (!(error instanceof SpanRejection)) throw error;
          out.rejected.push({ index, reason: error.message });
        }
      }
    });
  });
  return out;
}

function readSpan(
  json: Json,
  index: number,
  resource: Attributes,
  scope: { name: string; version: string },
  limits: DecodeLimits,
): Span {
  const reject = (message: string): never => {
    throw new SpanRejection(message);
  };
  if (!isObject(json)) return reject("span is not an object");
  const traceId = id(field(json, "traceId", "trace_id"), "trace id", 16, reject);
  const spanId = id(field(json, "spanId", "span_id"), "span id", 8, reject);
  const parentSpanId = id(field(json, "parentSpanId", "parent_span_id"), "parent span id", 8, reject);
  const name = field(json, "name") ?? "";
  if (typeof name !== "string") return reject("name is not a string");
  const kind = enumValue(field(json, "kind"), spanKinds, "kind", reject);
  const startNanos = nanos(field(json, "startTimeUnixNano", "start_time_unix_nano"), "start time", reject);
  const endNanos = nanos(field(json, "endTimeUnixNano", "end_time_unix_nano"), "end time", reject);
  const where = `span ${index}`;
  const attributes: Attributes = {};
  readAttributeList(field(json, "attributes"), attributes, limits, where, reject);
  const events: SpanEvent[] = [];
  const eventsJson = field(json, "events") ?? [];
  if (!Array.isArray(eventsJson)) return reject("events is not an array");
  for (const eventJson of eventsJson) {
    if (!isObject(eventJson)) return reject("an event is not an object");
    const eventName = field(eventJson, "name") ?? "";
    if (typeof eventName !== "string") return reject("an event's name is not a string");
    const eventAttributes: Attributes = {};
    readAttributeList(field(eventJson, "attributes"), eventAttributes, limits, `an event of ${where}`, reject);
    const time = nanos(field(eventJson, "timeUnixNano", "time_unix_nano"), "event time", reject);
    events.push({ name: eventName, time: microsFromNanos(time), attributes: eventAttributes });
  }
  const statusJson = field(json, "status") ?? {};
  if (!isObject(statusJson)) return reject("status is not an object");
  const statusCode = enumValue(field(statusJson, "code"), statusCodes, "status code", reject);
  const statusMessage = field(statusJson, "message") ?? "";
  if (typeof statusMessage !== "string") return reject("status message is not a string");
  const span = spanOrProblem({
    traceId,
    spanId,
    parentSpanId,
    startNanos,
    endNanos,
    statusCode,
    name,
    kind,
    attributes,
    events,
    statusMessage,
    resource,
    scope,
  });
  return typeof span === "string" ? reject(span) : span;
}

/** Reads a JSON `KeyValue[]` into `target`; `fail` decides what a bad shape means where it is. */
function readAttributeList(
  json: Json,
  target: Attributes,
  limits: DecodeLimits,
  where: string,
  fail: (message: string) => never,
): void {
  if (json === undefined || json === null) return;
  if (!Array.isArray(json)) fail(`attributes of ${where} are not an array`);
  for (const kv of json as Json[]) {
    if (!isObject(kv) || typeof kv.key !== "string") fail(`an attribute of ${where} has no string key`);
    const key = (kv as JsonObject).key as string;
    const valueJson = (kv as JsonObject).value;
    const value = anyValue(valueJson, 0, (message) => fail(`attribute "${key}" of ${where}: ${message}`));
    const bytes = size(value, limits.maxAttributeBytes);
    if (bytes > limits.maxAttributeBytes) throw attributeTooLarge(key, where, bytes, limits.maxAttributeBytes);
    setAttribute(target, key, value);
  }
}

function anyValue(json: Json, depth: number, fail: (message: string) => never): AttributeValue {
  if (json === undefined || json === null) return null;
  if (!isObject(json)) return fail("value is not an AnyValue object");
  if (depth > maxDepth) return fail(`values nested deeper than ${maxDepth}`);
  for (const key in json) {
    const v = json[key];
    switch (key) {
      case "stringValue":
      case "string_value":
        return typeof v === "string" ? v : fail("stringValue is not a string");
      case "boolValue":
      case "bool_value":
        return typeof v === "boolean" ? v : fail("boolValue is not a boolean");
      case "intValue":
      case "int_value":
        return int64(v, fail);
      case "doubleValue":
      case "double_value":
        if (typeof v === "number") return doubleValue(v);
        return v === "NaN" || v === "Infinity" || v === "-Infinity" ? v : fail("doubleValue is not a number");
      case "arrayValue":
      case "array_value": {
        const values = isObject(v) ? v.values ?? [] : undefined;
        if (!Array.isArray(values)) return fail("arrayValue has no values array");
        return values.map((item) => anyValue(item, depth + 1, fail));
      }
      case "kvlistValue":
      case "kvlist_value": {
        const values = isObject(v) ? v.values ?? [] : undefined;
        if (!Array.isArray(values)) return fail("kvlistValue has no values array");
        const out: Attributes = {};
        for (const kv of values) {
          if (!isObject(kv) || typeof kv.key !== "string") return fail("a kvlistValue entry has no string key");
          setAttribute(out, kv.key, anyValue(kv.value, depth + 1, fail));
        }
        return out;
      }
      case "bytesValue":
      case "bytes_value":
        return typeof v === "string"
          ? base64(v) ?? fail("bytesValue is not base64")
          : fail("bytesValue is not a string");
    }
  }
  // No known field: an empty AnyValue, as protobuf reads one.
  return null;
}

/** The size of a decoded value as the limit counts it; stops counting once past `max`. */
function size(value: AttributeValue, max: number): number {
  if (typeof value === "string") {
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit; only count exactly when the bounds disagree.
    if (value.length > max || value.length * 3 <= max) return value.length;
    return utf8Length(value);
  }
  if (typeof value === "number") return 8;
  if (typeof value === "boolean") return 1;
  if (value === null) return 0;
  let total = 0;
  if (Array.isArray(value)) {
    for (const item of value) if ((total += size(item, max)) > max) return total;
    return total;
  }
  for (const key in value) if ((total += utf8Length(key) + size(value[key]!, max)) > max) return total;
  return total;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const hexDigits = /^[0-9a-fA-F]*$/;

/** An id as lower-case hex: hex of the right length first, else base64 (protobuf's JSON mapping), else any hex. */
function id(json: Json, what: string, bytes: number, reject: (message: string) => never): string {
  if (json === undefined || json === null || json === "") return "";
  if (typeof json !== "string") return reject(`${what} is not a string`);
  const isHex = hexDigits.test(json);
  if (isHex && json.length === bytes * 2) return json.toLowerCase();
  const decoded = base64Bytes(json);
  if (decoded && decoded.length === bytes) return decoded.toHex();
  if (isHex && json.length % 2 === 0) return json.toLowerCase();
  if (decoded) return decoded.toHex();
  return reject(`${what} is neither hex nor base64`);
}

function base64Bytes(text: string): Uint8Array | null {
  try {
    return Uint8Array.fromBase64(text, { alphabet: text.includes("-") || text.includes("_") ? "base64url" : "base64" });
  } catch {
    return null;
  }
}

/** Base64 (standard or URL alphabet, padded or not) normalised to the padded standard form protobuf decoding gives. */
function base64(text: string): string | null {
  return base64Bytes(text)?.toBase64() ?? null;
}

const decimal = /^-?\d+$/;

function int64(json: Json, fail: (message: string) => never): number | string {
  if (typeof json === "number") return Number.isInteger(json) ? json : fail("intValue is not an integer");
  if (typeof json !== "string" || !decimal.test(json)) return fail("intValue is not an integer");
  const value = Number(json);
  // Beyond 2^53 a number would round: keep the exact digits, as the protobuf decoder does.
  return Number.isSafeInteger(value) ? value : BigInt(json).toString();
}

function nanos(json: Json, what: string, reject: (message: string) => never): bigint {
  if (json === undefined || json === null) return 0n;
  if (typeof json === "number" && Number.isInteger(json) && json >= 0) return BigInt(json);
  if (typeof json === "string" && /^\d+$/.test(json)) return BigInt(json);
  return reject(`${what} is not an unsigned integer`);
}

function enumValue(
  json: Json,
  byName: Record<string, number>,
  what: string,
  reject: (message: string) => never,
): number {
  if (json === undefined || json === null) return 0;
  if (typeof json === "number" && Number.isInteger(json)) return json;
  if (typeof json === "string" && Object.hasOwn(byName, json)) return byName[json]!;
  return reject(`${what} ${JSON.stringify(json)} is not one of ${Object.keys(byName).join(", ")} or an integer`);
}

function field(json: JsonObject, camel: string, snake?: string): Json {
  const value = json[camel];
  return value === undefined && snake !== undefined ? json[snake] : value;
}

function isObject(json: Json): json is JsonObject {
  return typeof json === "object" && json !== null && !Array.isArray(json);
}

function object(json: Json, path: string): JsonObject {
  if (!isObject(json)) throw new RequestShapeError(`${path} is not an object`);
  return json;
}

function optionalObject(json: Json, path: string): JsonObject | undefined {
  return json === undefined || json === null ? undefined : object(json, path);
}

function optionalArray(json: Json, path: string): Json[] {
  if (json === undefined || json === null) return [];
  if (!Array.isArray(json)) throw new RequestShapeError(`${path} is not an array`);
  return json;
}

function optionalString(json: Json, path: string): string {
  if (json === undefined || json === null) return "";
  if (typeof json !== "string") throw new RequestShapeError(`${path} is not a string`);
  return json;
}
