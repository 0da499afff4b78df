import assert from "node:assert/strict";
import { ProtobufError, ProtobufReader } from "./protobuf_reader.ts";
import { ProtobufWriter } from "./protobuf_writer.ts";

const reader = (hex: string) => new ProtobufReader(Uint8Array.fromHex(hex));

function throwsAt(call: () => unknown, message: RegExp, offset: number): void {
  assert.throws(call, (error: unknown) => {
    assert.ok(error instanceof ProtobufError);
    assert.match(error.message, message);
    assert.equal(error.offset, offset);
    return true;
  });
}

Deno.test("ProtobufReader.uint32() reads one- and multi-byte varints", () => {
  const r = reader("01" + "ac02" + "ffffffff0f");
  assert.equal(r.uint32(), 1);
  assert.equal(r.uint32(), 300);
  assert.equal(r.uint32(), 0xffffffff);
  assert.equal(r.more(), false);
});

Deno.test("ProtobufReader.uint64() returns a number while exact and a bigint beyond 2^53", () => {
  const w = new ProtobufWriter().rawVarint(2 ** 53 - 1).rawVarint(2n ** 53n).rawVarint(2n ** 64n - 1n);
  const r = new ProtobufReader(w.finish());
  assert.equal(r.uint64(), 2 ** 53 - 1);
  assert.equal(r.uint64(), 2n ** 53n);
  assert.equal(r.uint64(), 2n ** 64n - 1n);
});

Deno.test("ProtobufReader.int64() reads negative values in ten bytes two's complement", () => {
  const w = new ProtobufWriter().rawVarint(-1).rawVarint(-42).rawVarint(-(2 ** 53 - 1)).rawVarint(-(2n ** 53n))
    .rawVarint(-(2n ** 63n)).rawVarint(2 ** 40);
  const r = new ProtobufReader(w.finish());
  assert.equal(r.int64(), -1);
  assert.equal(r.int64(), -42);
  assert.equal(r.int64(), -(2 ** 53 - 1));
  assert.equal(r.int64(), -(2n ** 53n));
  assert.equal(r.int64(), -(2n ** 63n));
  assert.equal(r.int64(), 2 ** 40);
});

Deno.test("ProtobufReader.int32() and bool() read what int32 and bool fields hold", () => {
  const r = new ProtobufReader(
    new ProtobufWriter().rawVarint(-5).rawVarint(0).rawVarint(1).rawVarint(2n ** 40n).finish(),
  );
  assert.equal(r.int32(), -5);
  assert.equal(r.bool(), false);
  assert.equal(r.bool(), true);
  assert.equal(r.bool(), true, "a bit above 32 still makes true");
});

Deno.test("ProtobufReader reads fixed32, fixed64 and double little-endian", () => {
  const w = new ProtobufWriter().fixed32(1, 0xdeadbeef).fixed64(2, 1_700_000_000_123_456_789n).double(3, -0.5);
  const r = new ProtobufReader(w.finish());
  assert.equal(r.tag(), (1 << 3) | 5);
  assert.equal(r.fixed32(), 0xdeadbeef);
  assert.equal(r.tag(), (2 << 3) | 1);
  assert.equal(r.fixed64(), 1_700_000_000_123_456_789n);
  assert.equal(r.tag(), (3 << 3) | 1);
  assert.equal(r.double(), -0.5);
});

Deno.test("ProtobufReader reads strings and bytes in place", () => {
  const buf = new ProtobufWriter().string(1, "héllo").bytes(2, new Uint8Array([9, 8])).string(3, "").finish();
  const r = new ProtobufReader(buf);
  r.tag();
  assert.equal(r.string(), "héllo");
  r.tag();
  const bytes = r.bytes();
  assert.deepEqual([...bytes], [9, 8]);
  assert.equal(bytes.buffer, buf.buffer, "a view, not a copy");
  r.tag();
  assert.equal(r.string(), "");
});

Deno.test("ProtobufReader works on a view into a larger buffer", () => {
  const backing = Uint8Array.fromHex("ffff" + "0a0178" + "ffff");
  const r = new ProtobufReader(backing.subarray(2, 5));
  assert.equal(r.tag(), 0x0a);
  assert.equal(r.string(), "x");
  assert.equal(r.more(), false);
});

Deno.test("ProtobufReader.skip() skips every wire type and refuses groups", () => {
  const w = new ProtobufWriter().varint(1, 2n ** 63n).fixed64(2, 1n).string(3, "abc").fixed32(4, 1).varint(5, 7);
  const r = new ProtobufReader(w.finish());
  for (let i = 0; i < 4; i++) r.skip(r.tag());
  assert.equal(r.tag(), (5 << 3) | 0);
  assert.equal(r.uint32(), 7);
  throwsAt(() => reader("0b").skip(0x0b), /unsupported wire type 3 for field 1/, 0);
  throwsAt(() => reader("0c").skip(0x0c), /unsupported wire type 4/, 0);
  throwsAt(() => reader("0e").skip(0x0e), /unsupported wire type 6/, 0);
});

Deno.test("ProtobufReader refuses truncated and overlong input with the offset", () => {
  throwsAt(() => reader("80").uint32(), /truncated varint/, 0);
  throwsAt(() => reader("ffffffffff").uint64(), /truncated varint/, 0);
  throwsAt(() => reader("ffffffffffffffffffff01").uint64(), /varint longer than 10 bytes/, 0);
  throwsAt(() => reader("010203").fixed32(), /needs 4 bytes, 3 left/, 0);
  throwsAt(() => reader("01020304050607").fixed64(), /needs 8 bytes, 7 left/, 0);
  throwsAt(() => reader("0561").string(), /length runs past the end of its message/, 0);
  throwsAt(() => reader("00").tag(), /field number 0/, 0);
  const r = reader("01");
  r.uint32();
  throwsAt(() => r.uint32(), /truncated varint/, 1);
});

Deno.test("ProtobufReader.enter() keeps reads inside the embedded message and leave() checks its end", () => {
  // An embedded message of 2 bytes whose string claims 3.
  const r = reader("0a02" + "0a03" + "616263");
  r.tag();
  const outer = r.enter();
  assert.equal(r.limit, 4);
  r.tag();
  throwsAt(() => r.string(), /length runs past the end of its message/, 3);
  assert.ok(outer === 7);
  // A varint may not continue past its message's end either.
  const varint = reader("0a02" + "089601");
  varint.tag();
  varint.enter();
  varint.tag();
  throwsAt(() => varint.uint32(), /truncated varint/, 3);
  // leave() refuses to restore the outer range while bytes of the message are unread.
  const unread = reader("0a02" + "0801" + "1002");
  unread.tag();
  const saved = unread.enter();
  assert.throws(() => unread.leave(saved), /embedded message not read to its end at byte 2/);
  unread.skip(unread.tag());
  unread.leave(saved);
  assert.equal(unread.tag(), 0x10);
});
