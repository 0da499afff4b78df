import assert from "node:assert/strict";
import { ProtobufReader } from "./protobuf_reader.ts";
import { ProtobufWriter } from "./protobuf_writer.ts";

Deno.test("ProtobufWriter writes the wire bytes protobuf defines", () => {
  assert.equal(new ProtobufWriter().int32(1, 150).finish().toHex(), "089601");
  assert.equal(new ProtobufWriter().string(2, "testing").finish().toHex(), "120774657374696e67");
  assert.equal(new ProtobufWriter().int32(1, -1).finish().toHex(), "08ffffffffffffffffff01");
  assert.equal(new ProtobufWriter().bool(3, true).finish().toHex(), "1801");
  assert.equal(new ProtobufWriter().fixed32(16, 1).finish().toHex(), "850101000000");
  assert.equal(new ProtobufWriter().message(3, new ProtobufWriter().int32(1, 150)).finish().toHex(), "1a03089601");
  assert.equal(new ProtobufWriter().finish().length, 0);
});

Deno.test("ProtobufWriter grows past its first buffer and its output reads back", () => {
  const text = "ü".repeat(10_000);
  const w = new ProtobufWriter();
  for (let i = 0; i < 100; i++) w.varint(i + 1, BigInt(i) * 2n ** 50n);
  w.string(101, text).double(102, Math.PI).fixed64(103, 2n ** 64n - 1n);
  const r = new ProtobufReader(w.finish());
  for (let i = 0; i < 100; i++) {
    assert.equal(r.tag(), (i + 1) << 3);
    assert.equal(BigInt(r.uint64()), BigInt(i) * 2n ** 50n);
  }
  r.tag();
  assert.equal(r.string(), text);
  r.tag();
  assert.equal(r.double(), Math.PI);
  r.tag();
  assert.equal(r.fixed64(), 2n ** 64n - 1n);
  assert.equal(r.more(), false);
});

Deno.test("ProtobufWriter.finish() returns a copy, so the writer may go on", () => {
  const w = new ProtobufWriter().int32(1, 1);
  const first = w.finish();
  w.int32(2, 2);
  assert.equal(first.toHex(), "0801");
  assert.equal(w.finish().toHex(), "08011002");
});
