/**
 * OpenTelemetry in: OTLP trace requests (protobuf or JSON) decoded into spans, and
 * spans mapped by the GenAI semantic conventions into the contract's events. Pure;
 * `POST /v1/traces` and the OTLP Kafka topic both go through here.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { decodeJsonRequest } from "./decode_json.ts";
import { decodeProtobufRequest } from "./decode_protobuf.ts";
import type { DecodedSpans, DecodeLimits } from "./span.ts";

export {
  exportResponseJson,
  exportResponseProtobuf,
  partialSuccessOf,
  statusJson,
  statusProtobuf,
} from "./export_response.ts";
export type { DecodedSpans, DecodeLimits, RejectedSpan, Span } from "./span.ts";
export { otlpSource, traceEvents } from "./trace_events.ts";

/** The two encodings of OTLP: `otlp_proto` and `otlp_json` in the Collector's words. */
export type OtlpEncoding = "protobuf" | "json";

/** Decodes a request in `encoding`; throws E7001/E7030/E7031 when it is malformed, E7702/E7703 past the limits. */
export function decodeTraceRequest(encoding: OtlpEncoding, bytes: Uint8Array, limits: DecodeLimits): DecodedSpans {
  return encoding === "protobuf"
    ? decodeProtobufRequest(bytes, limits)
    : decodeJsonRequest(new TextDecoder().decode(bytes), limits);
}

/**
 * The encoding of a message that does not say (the Collector's Kafka exporter sets no
 * header): JSON is `{` then `"resource` (`resourceSpans` or `resource_spans`) or `}`,
 * whitespace aside. A protobuf request starts with field 1's tag, 0x0a, which is also
 * a newline, and can go on `{` (a length of 123) and `\n"` (a nested tag and length),
 * but never spell out `"resource`.
 */
export function sniffEncoding(bytes: Uint8Array): OtlpEncoding {
  const space = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  let i = 0;
  while (space(bytes[i])) i++;
  if (bytes[i] !== 0x7b) return "protobuf";
  i++;
  while (space(bytes[i])) i++;
  if (bytes[i] === 0x7d) return "json";
  const next = new TextDecoder().decode(bytes.subarray(i, i + 9));
  return next === '"resource' ? "json" : "protobuf";
}

/** The encoding a `Content-Type` names, or E7005. */
export function encodingOf(contentType: string | undefined): OtlpEncoding {
  const type = contentType?.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  throw new AtlasError("E7005", `unsupported content type ${type ? `"${type}"` : "(none)"} for OTLP`, {
    details: { accepted: ["application/x-protobuf", "application/json"] },
  });
}
