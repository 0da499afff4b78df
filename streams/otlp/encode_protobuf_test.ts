import assert from "node:assert/strict";
import { decodeJsonRequest } from "./decode_json.ts";
import { decodeProtobufRequest } from "./decode_protobuf.ts";
import { encodeProtobufRequest } from "./encode_protobuf.ts";

const limits = { maxSpans: 512, maxAttributeBytes: 1 << 20 };

Deno.test("encodeProtobufRequest() turns the JS exporter's JSON into protobuf that decodes to the same spans", async () => {
  const text = await Deno.readTextFile(new URL("./testdata/js_json.json", import.meta.url));
  const fromJson = decodeJsonRequest(text, limits);
  assert.deepEqual(decodeProtobufRequest(encodeProtobufRequest(JSON.parse(text)), limits), fromJson);
});

Deno.test("encodeProtobufRequest() writes ids as given, so invalid ones can be sent on purpose", () => {
  const bytes = encodeProtobufRequest({
    resourceSpans: [{
      scopeSpans: [{
        spans: [{
          traceId: "0102",
          spanId: "0102030405060708",
          name: "short",
          startTimeUnixNano: "1",
          endTimeUnixNano: "2",
        }],
      }],
    }],
  });
  assert.deepEqual(decodeProtobufRequest(bytes, limits).rejected, [{
    index: 0,
    reason: "trace id is 2 bytes, not 16",
  }]);
});
