import assert from "node:assert/strict";
import {
  decodeExportResponse,
  decodeStatus,
  exportResponseJson,
  exportResponseProtobuf,
  partialSuccessOf,
  rpcCodeForHttpStatus,
  statusJson,
  statusProtobuf,
} from "./export_response.ts";

const partial = { rejectedSpans: 2, errorMessage: "2 spans rejected: span 1: trace id is 15 bytes, not 16" };

Deno.test("exportResponseProtobuf() is empty on full success and decodes back", () => {
  assert.equal(exportResponseProtobuf().length, 0);
  assert.equal(decodeExportResponse(exportResponseProtobuf()), undefined);
});

Deno.test("exportResponseProtobuf() encodes partial_success as field 1 with rejected_spans and error_message", () => {
  const bytes = exportResponseProtobuf(partial);
  assert.equal(bytes.slice(0, 4).toHex(), "0a3a0802", "field 1 (length 58), then rejected_spans = 2");
  assert.equal(bytes[4], 0x12, "then error_message, field 2");
  assert.deepEqual(decodeExportResponse(bytes), partial);
  // A warning with nothing rejected still sets partial_success, as the spec allows.
  assert.deepEqual(decodeExportResponse(exportResponseProtobuf({ rejectedSpans: 0, errorMessage: "slow down" })), {
    rejectedSpans: 0,
    errorMessage: "slow down",
  });
});

Deno.test("exportResponseJson() is {} on full success and writes rejectedSpans as an int64 string", () => {
  assert.equal(JSON.stringify(exportResponseJson()), "{}");
  assert.deepEqual(exportResponseJson(partial), {
    partialSuccess: { rejectedSpans: "2", errorMessage: partial.errorMessage },
  });
});

Deno.test("partialSuccessOf() counts the rejected spans and names the first ten reasons", () => {
  assert.equal(partialSuccessOf({ spans: [], rejected: [] }), undefined);
  assert.deepEqual(partialSuccessOf({ spans: [], rejected: [{ index: 3, reason: "span id is all zeros" }] }), {
    rejectedSpans: 1,
    errorMessage: "1 span rejected: span 3: span id is all zeros",
  });
  const many = partialSuccessOf({
    spans: [],
    rejected: Array.from({ length: 12 }, (_, index) => ({ index, reason: "x" })),
  });
  assert.equal(many!.rejectedSpans, 12);
  assert.match(many!.errorMessage, /^12 spans rejected: span 0: x; .*span 9: x; and 2 more$/);
});

Deno.test("statusProtobuf() and statusJson() encode google.rpc.Status, and decodeStatus() reads it back", () => {
  const status = { code: 3, message: "E7030: not a valid protobuf ExportTraceServiceRequest" };
  const bytes = statusProtobuf(status);
  assert.equal(bytes.slice(0, 3).toHex(), "080312");
  assert.deepEqual(decodeStatus(bytes), status);
  assert.deepEqual(statusJson(status), status);
  assert.deepEqual(decodeStatus(statusProtobuf({ code: -1, message: "" })), { code: -1, message: "" });
});

Deno.test("rpcCodeForHttpStatus() maps the statuses the route answers with to google.rpc.Code", () => {
  assert.deepEqual([400, 401, 413, 415, 429, 500, 503, 418].map(rpcCodeForHttpStatus), [3, 16, 8, 3, 8, 13, 14, 2]);
});
