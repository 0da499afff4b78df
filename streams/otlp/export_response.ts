/**
 * The bodies OTLP/HTTP answers with, in the encoding the request came in:
 * `ExportTraceServiceResponse` on success (with `partial_success` when some spans were
 * rejected) and `google.rpc.Status` for 4xx/5xx. Protobuf and JSON forms of each,
 * plus decoders of the protobuf forms so tests (and clients) can read them back.
 *
 * JSON follows protobuf's mapping as OTLP uses it: lowerCamelCase names, int64 as a
 * decimal string (`"rejectedSpans": "2"`), fields at their default left out (so full
 * success is `{}`).
 *
 * @module
 */
import { ProtobufReader } from "./protobuf_reader.ts";
import { ProtobufWriter } from "./protobuf_writer.ts";
import type { DecodedSpans } from "./span.ts";

/** `ExportTracePartialSuccess`: how many spans were rejected and why. */
export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** `google.rpc.Status`: a gRPC code (`google.rpc.Code`) and a developer-facing message. */
export interface RpcStatus {
  code: number;
  message: string;
}

/** The partial success to report for a decoded request, or undefined when every span was taken. Names at most 10 reasons. */
export function partialSuccessOf(decoded: DecodedSpans): PartialSuccess | undefined {
  const rejected = decoded.rejected;
  if (rejected.length === 0) return undefined;
  const shown = rejected.slice(0, 10).map((r) => `span ${r.index}: ${r.reason}`);
  const more = rejected.length > shown.length ? `; and ${rejected.length - shown.length} more` : "";
  const noun = rejected.length === 1 ? "span" : "spans";
  return {
    rejectedSpans: rejected.length,
    errorMessage: `${rejected.length} ${noun} rejected: ${shown.join("; ")}${more}`,
  };
}

/** `ExportTraceServiceResponse` as protobuf; empty bytes on full success. */
export function exportResponseProtobuf(partial?: PartialSuccess): Uint8Array<ArrayBuffer> {
  const response = new ProtobufWriter();
  if (partial) {
    const p = new ProtobufWriter();
    if (partial.rejectedSpans !== 0) p.varint(1, partial.rejectedSpans);
    if (partial.errorMessage !== "") p.string(2, partial.errorMessage);
    response.message(1, p);
  }
  return response.finish();
}

/** `ExportTraceServiceResponse` as OTLP/JSON: `{}` on full success. */
export function exportResponseJson(partial?: PartialSuccess): { partialSuccess?: Record<string, string> } {
  if (!partial) return {};
  const p: Record<string, string> = {};
  if (partial.rejectedSpans !== 0) p.rejectedSpans = String(partial.rejectedSpans);
  if (partial.errorMessage !== "") p.errorMessage = partial.errorMessage;
  return { partialSuccess: p };
}

/** Reads a protobuf `ExportTraceServiceResponse`: its partial success, or undefined when unset. */
export function decodeExportResponse(bytes: Uint8Array): PartialSuccess | undefined {
  const r = new ProtobufReader(bytes);
  let partial: PartialSuccess | undefined;
  while (r.more()) {
    const tag = r.tag();
    if (tag >>> 3 !== 1) {
      r.skip(tag);
      continue;
    }
    r.expect(tag, 2);
    partial = { rejectedSpans: 0, errorMessage: "" };
    const outer = r.enter();
    while (r.more()) {
      const inner = r.tag();
      if (inner >>> 3 === 1) {
        r.expect(inner, 0);
        partial.rejectedSpans = Number(r.int64());
      } else if (inner >>> 3 === 2) {
        r.expect(inner, 2);
        partial.errorMessage = r.string();
      } else {
        r.skip(inner);
      }
    }
    r.leave(outer);
  }
  return partial;
}

/** `google.rpc.Status` as protobuf. */
export function statusProtobuf(status: RpcStatus): Uint8Array<ArrayBuffer> {
  const w = new ProtobufWriter();
  if (status.code !== 0) w.int32(1, status.code);
  if (status.message !== "") w.string(2, status.message);
  return w.finish();
}

/** `google.rpc.Status` as JSON. */
export function statusJson(status: RpcStatus): RpcStatus {
  return { code: status.code, message: status.message };
}

/** Reads a protobuf `google.rpc.Status` (its `details` are skipped). */
export function decodeStatus(bytes: Uint8Array): RpcStatus {
  const r = new ProtobufReader(bytes);
  const status: RpcStatus = { code: 0, message: "" };
  while (r.more()) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, 0);
      status.code = r.int32();
    } else if (tag >>> 3 === 2) {
      r.expect(tag, 2);
      status.message = r.string();
    } else {
      r.skip(tag);
    }
  }
  return status;
}

/** The `google.rpc.Code` closest to an HTTP status, for the `code` of a Status body. */
export function rpcCodeForHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 5; // NOT_FOUND
    case 413:
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 415:
      return 3; // INVALID_ARGUMENT: the content type is an argument the client chose
    case 503:
      return 14; // UNAVAILABLE
    default:
      return httpStatus >= 500 ? 13 : 2; // INTERNAL, else UNKNOWN
  }
}
