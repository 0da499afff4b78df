/**
 * The wire contract of `POST /v1/traces` (OTLP/HTTP): the JSON forms of the request
 * and the answers; protobuf bodies are bytes.
 *
 * @module
 */
import { z } from "zod";
import { errorData } from "./common.ts";

/** `ExportTraceServiceRequest` in OTLP JSON (the service decodes and checks it itself: E7031). */
export const otlpTraceRequest = z.looseObject({
  resourceSpans: z.array(z.looseObject({})).optional(),
}).meta({ description: "OTLP JSON ExportTraceServiceRequest" });

/** `ExportTraceServiceResponse`: empty on full success, `partialSuccess` naming the spans rejected alone. */
export const otlpTraceResponse = z.object({
  partialSuccess: z.record(z.string(), z.string()).optional()
    .meta({ description: "rejectedSpans (a string, as OTLP JSON writes int64) and errorMessage" }),
});

/** A request refused whole: `google.rpc.Status`, and the contract's error. */
export const otlpRefusal = z.object({ code: z.number().int(), message: z.string(), error: errorData });
