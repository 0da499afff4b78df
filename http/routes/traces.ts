/**
 * `POST /v1/traces`: an OTLP/HTTP traces endpoint as the OTLP specification defines it.
 * Protobuf or JSON, gzip or not; the answer comes in the request's encoding:
 * `ExportTraceServiceResponse` (with `partial_success` naming the spans rejected
 * alone), or a `google.rpc.Status` for a request refused whole. JSON error bodies
 * also carry the contract's `error` object with its code.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AtlasError, ensureError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { keepRejectedSpans, takeSpans } from "../../streams/span_intake.ts";
import {
  decodeTraceRequest,
  encodingOf,
  exportResponseJson,
  exportResponseProtobuf,
  type OtlpEncoding,
  partialSuccessOf,
  statusJson,
  statusProtobuf,
} from "../../streams/otlp/mod.ts";
import { rpcCodeForHttpStatus } from "../../streams/otlp/export_response.ts";
import { readOtlpBody } from "../otlp_body.ts";

const protobufType = "application/x-protobuf";

export function traceRoutes(runtime: Runtime): Hono {
  const { otlp } = runtime.config;
  return new Hono().post("/", async (c) => {
    const encoding = encodingOf(c.req.header("Content-Type"));
    try {
      const bytes = await readOtlpBody(c.req.raw, otlp.bodyLimitBytes);
      const decoded = decodeTraceRequest(encoding, bytes, otlp);
      await keepRejectedSpans(runtime, decoded.rejected);
      await takeSpans(runtime, decoded.spans);
      const partial = partialSuccessOf(decoded);
      return encoding === "protobuf"
        ? c.body(arrayBacked(exportResponseProtobuf(partial)), 200, { "Content-Type": protobufType })
        : c.json(exportResponseJson(partial), 200);
    } catch (thrown) {
      const error = ensureError(thrown);
      if (error.status >= 500) {
        runtime.log.error("OTLP request failed", { code: error.code, error });
      }
      return refusal(c, encoding, error);
    }
  });
}

/** A request refused whole: `google.rpc.Status` in the request's encoding, Retry-After when it may pass. */
function refusal(c: Context, encoding: OtlpEncoding, error: AtlasError) {
  const shown = error.code === "E7999" ? new AtlasError("E7999", "internal error") : error;
  const status = { code: rpcCodeForHttpStatus(shown.status), message: `${shown.code}: ${shown.message}` };
  if (shown.retryable) c.header("Retry-After", "1");
  const httpStatus = shown.status as ContentfulStatusCode;
  return encoding === "protobuf"
    ? c.body(arrayBacked(statusProtobuf(status)), httpStatus, { "Content-Type": protobufType })
    : c.json({ ...statusJson(status), error: shown.toData() }, httpStatus);
}

/** The encoders' output is backed by its own ArrayBuffer, which is what a response body takes. */
const arrayBacked = (encoded: Uint8Array) => encoded as Uint8Array<ArrayBuffer>;
