import assert from "node:assert/strict";
import { encodingOf, sniffEncoding } from "./mod.ts";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);

Deno.test("sniffEncoding() tells OTLP/JSON from protobuf, even protobuf that starts like JSON", () => {
  assert.equal(sniffEncoding(text('{"resourceSpans":[]}')), "json");
  assert.equal(sniffEncoding(text('\n  { "resource_spans": [] }')), "json");
  assert.equal(sniffEncoding(text("{}")), "json");
  // A ResourceSpans of 123 bytes whose resource is 34 bytes long: `\\n{\\n"` on the wire.
  assert.equal(sniffEncoding(bytes(0x0a, 0x7b, 0x0a, 0x22, 0x0a, 0x20)), "protobuf");
  assert.equal(sniffEncoding(bytes(0x0a, 0x02, 0x12, 0x00)), "protobuf");
  assert.equal(sniffEncoding(bytes()), "protobuf");
});

Deno.test("encodingOf() reads the content type, parameters aside, and refuses others with E7005", () => {
  assert.equal(encodingOf("application/x-protobuf"), "protobuf");
  assert.equal(encodingOf("application/json; charset=utf-8"), "json");
  assert.throws(() => encodingOf("text/plain"), { code: "E7005" });
  assert.throws(() => encodingOf(undefined), { code: "E7005" });
});
