/**
 * A minimal protobuf wire-format reader: just what decoding OTLP needs, over one
 * `Uint8Array` with no copies. Nested messages share the reader: `enter()` narrows
 * the readable range to the message's length and `leave()` restores it, so a field
 * can never read past its enclosing message and no sub-reader is allocated per
 * message. Every read is bounds-checked; malformed input throws a
 * {@linkcode ProtobufError} carrying the byte offset, which the decoders turn into
 * the project's error codes.
 *
 * @example
 * ```ts
 * const reader = new ProtobufReader(bytes);
 * while (reader.more()) {
 *   const tag = reader.tag();
 *   if (tag === 0x0a) console.log(reader.string()); // field 1, length-delimited
 *   else reader.skip(tag);
 * }
 * ```
 *
 * @module
 */

/** The wire types of protobuf; groups (3, 4) are long deprecated and refused. */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

/** Malformed protobuf: what went wrong and the byte offset where it did. */
export class ProtobufError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = "ProtobufError";
    this.offset = offset;
  }
}

// One decoder for every string: creating a TextDecoder per string costs more than
// decoding a short one. Not fatal: bad UTF-8 becomes U+FFFD, as protobuf runtimes
// in other languages mostly do, rather than failing a whole batch for one byte.
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Reads protobuf fields from a byte array, in place. */
export class ProtobufReader {
  /** The next byte to read. */
  pos: number;
  /** One past the last byte of the current message. */
  limit: number;
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  // The upper 32 bits of the last varint read by #varintLow, so 64-bit varints
  // need no allocation.
  #high = 0;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = 0;
    this.limit = buf.length;
  }

  /** Whether the current message has bytes left. */
  more(): boolean {
    return this.pos < this.limit;
  }

  /** The next field's tag (`field << 3 | wireType`); field 0 is malformed. */
  tag(): number {
    const at = this.pos;
    const tag = this.uint32();
    if (tag >>> 3 === 0) throw new ProtobufError("field number 0", at);
    return tag;
  }

  /** A varint as an unsigned 32-bit number (enums, counts, tags); higher bits are dropped as protobuf does. */
  uint32(): number {
    const buf = this.#buf;
    // Fast path: most varints here (tags, kinds, codes, small lengths) are one byte.
    if (this.pos < this.limit) {
      const b = buf[this.pos]!;
      if (b < 0x80) {
        this.pos++;
        return b;
      }
    }
    return this.#varintLow() >>> 0;
  }

  /** A varint as a signed 32-bit number (`int32`, enums that may be negative). */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A varint as an unsigned 64-bit integer: a number when it is exact, else a bigint. */
  uint64(): number | bigint {
    const low = this.#varintLow() >>> 0;
    const high = this.#high;
    if (high < 0x200000) return high * 0x100000000 + low;
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** A varint as a signed 64-bit integer (two's complement, as `int64` is): a number when exact, else a bigint. */
  int64(): number | bigint {
    const low = this.#varintLow() >>> 0;
    const high = this.#high;
    if (high < 0x200000) return high * 0x100000000 + low;
    if (high >= 0xffe00000 && (high !== 0xffe00000 || low !== 0)) {
      // Negative and within 53 bits: -(2^64 - value), computed on the two halves.
      return -((~high >>> 0) * 0x100000000 + ((~low >>> 0) + 1));
    }
    return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low));
  }

  /** A varint as a boolean (any non-zero value is true). */
  bool(): boolean {
    return this.#varintLow() !== 0 || this.#high !== 0;
  }

  /** A little-endian 32-bit unsigned integer. */
  fixed32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** A little-endian 64-bit unsigned integer, always a bigint (nanosecond timestamps need all 64 bits). */
  fixed64(): bigint {
    this.#need(8);
    const value = this.#view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** A little-endian IEEE 754 double. */
  double(): number {
    this.#need(8);
    const value = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** The length of a length-delimited field, checked against the current message. */
  length(): number {
    const at = this.pos;
    const length = this.#varintLow();
    if (this.#high !== 0 || length < 0 || length > this.limit - this.pos) {
      throw new ProtobufError("length runs past the end of its message", at);
    }
    return length >>> 0;
  }

  /** A length-delimited field as a view into the buffer (no copy). */
  bytes(): Uint8Array {
    const length = this.length();
    const start = this.pos;
    this.pos += length;
    return this.#buf.subarray(start, start + length);
  }

  /** A length-delimited field as UTF-8 text. */
  string(): string {
    const length = this.length();
    const start = this.pos;
    this.pos += length;
    if (length === 0) return "";
    return utf8.decode(this.#buf.subarray(start, start + length));
  }

  /** Starts reading an embedded message: narrows the range to it and returns the range to give back to `leave`. */
  enter(): number {
    const length = this.length();
    const outer = this.limit;
    this.limit = this.pos + length;
    return outer;
  }

  /** Finishes an embedded message begun with `enter`, restoring the enclosing range. */
  leave(outer: number): void {
    if (this.pos !== this.limit) throw new ProtobufError("embedded message not read to its end", this.pos);
    this.limit = outer;
  }

  /** Skips a field's value of the given tag's wire type; groups and unknown wire types are malformed. */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.varint:
        this.#varintLow();
        return;
      case WireType.fixed64:
        this.#need(8);
        this.pos += 8;
        return;
      case WireType.lengthDelimited: {
        // Not `this.pos += this.length()`: that would add to the position before the length's own bytes.
        const length = this.length();
        this.pos += length;
        return;
      }
      case WireType.fixed32:
        this.#need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${tag & 7} for field ${tag >>> 3}`, this.pos);
    }
  }

  /** Throws unless `tag` has the wire type a known field must have. */
  expect(tag: number, wireType: number): void {
    if ((tag & 7) !== wireType) {
      throw new ProtobufError(`field ${tag >>> 3} has wire type ${tag & 7}, expected ${wireType}`, this.pos);
    }
  }

  #need(count: number): void {
    if (this.limit - this.pos < count) {
      throw new ProtobufError(`needs ${count} bytes, ${this.limit - this.pos} left`, this.pos);
    }
  }

  // Reads a varint of up to 10 bytes; returns the low 32 bits (signed, as `|` makes
  // them) and leaves the high 32 bits in #high.
  #varintLow(): number {
    const buf = this.#buf;
    const limit = this.limit;
    const start = this.pos;
    let pos = start;
    let low = 0;
    let high = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= limit) throw new ProtobufError("truncated varint", start);
      b = buf[pos++]!;
      low |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.#high = 0;
        return low;
      }
    }
    // Byte 5 carries bits 28–31 of the low half and bits 0–2 of the high half.
    if (pos >= limit) throw new ProtobufError("truncated varint", start);
    b = buf[pos++]!;
    low |= (b & 0x0f) << 28;
    high = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3;; shift += 7) {
        if (pos >= limit) throw new ProtobufError("truncated varint", start);
        if (pos - start >= 10) throw new ProtobufError("varint longer than 10 bytes", start);
        b = buf[pos++]!;
        if (shift < 32) high |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.#high = high >>> 0;
    return low;
  }
}
