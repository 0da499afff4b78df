/**
 * A tiny protobuf wire-format writer: enough to encode the OTLP export responses and
 * `google.rpc.Status`, and to build requests in tests. Fields are appended in the
 * order written; an embedded message is written into its own writer and added with
 * `message()`, which costs a copy but keeps the writer trivial (responses are small).
 *
 * @example
 * ```ts
 * const bytes = new ProtobufWriter().int32(1, 3).string(2, "bad request").finish();
 * ```
 *
 * @module
 */

const utf8 = new TextEncoder();

/** Appends protobuf fields to a growing buffer. */
export class ProtobufWriter {
  #buf: Uint8Array<ArrayBuffer> = new Uint8Array(64);
  #view = new DataView(this.#buf.buffer);
  #pos = 0;

  /** A field tag: field number and wire type. */
  tag(field: number, wireType: number): this {
    return this.rawVarint((field << 3) | wireType);
  }

  /** A bare varint; negative numbers are written as 64-bit two's complement, as `int32`/`int64` are. */
  rawVarint(value: number | bigint): this {
    if (typeof value === "number" && value >= 0 && value < 0x80000000 && Number.isInteger(value)) {
      this.#grow(5);
      let n = value;
      while (n >= 0x80) {
        this.#buf[this.#pos++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      this.#buf[this.#pos++] = n;
      return this;
    }
    let n = BigInt.asUintN(64, BigInt(value));
    this.#grow(10);
    while (n >= 0x80n) {
      this.#buf[this.#pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.#buf[this.#pos++] = Number(n);
    return this;
  }

  /** A varint field (`int32`, `int64`, `uint32`, `uint64`, enums). */
  varint(field: number, value: number | bigint): this {
    return this.tag(field, 0).rawVarint(value);
  }

  /** An `int32` field; an alias of `varint` that says what the schema says. */
  int32(field: number, value: number): this {
    return this.varint(field, value);
  }

  /** A `bool` field. */
  bool(field: number, value: boolean): this {
    return this.varint(field, value ? 1 : 0);
  }

  /** A `fixed32` field. */
  fixed32(field: number, value: number): this {
    this.tag(field, 5).#grow(4);
    this.#view.setUint32(this.#pos, value >>> 0, true);
    this.#pos += 4;
    return this;
  }

  /** A `fixed64` field. */
  fixed64(field: number, value: bigint): this {
    this.tag(field, 1).#grow(8);
    this.#view.setBigUint64(this.#pos, BigInt.asUintN(64, value), true);
    this.#pos += 8;
    return this;
  }

  /** A `double` field. */
  double(field: number, value: number): this {
    this.tag(field, 1).#grow(8);
    this.#view.setFloat64(this.#pos, value, true);
    this.#pos += 8;
    return this;
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).rawVarint(value.length).#grow(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
    return this;
  }

  /** A `string` field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message field, written by its own writer. */
  message(field: number, message: ProtobufWriter): this {
    return this.bytes(field, message.finish());
  }

  /** The bytes written so far (a copy, so the writer may go on), on their own ArrayBuffer, so a `Response` takes them. */
  finish(): Uint8Array<ArrayBuffer> {
    return this.#buf.slice(0, this.#pos);
  }

  #grow(count: number): void {
    if (this.#pos + count <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + count) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
}
