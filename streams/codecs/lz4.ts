/**
 * LZ4 in the frame format Kafka uses for `compression.type=lz4` (KIP-57: the frame's
 * descriptor checksum as the LZ4 spec has it). Written here because the npm codecs
 * for kafkajs are native addons, and the pure-JavaScript one emits blocks that break
 * the spec's end-of-block rules, which liblz4 (librdkafka, kcat) refuses.
 *
 * Frames written: independent 64 KiB blocks, no checksums but the descriptor's (what
 * Kafka's Java producer writes). Frames read: any block size, dependent or independent
 * blocks, content size and checksums (checked when present), and several frames.
 *
 * @module
 */
import { xxhash32 } from "./xxhash32.ts";

const MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;
const MIN_MATCH = 4;
/** The last match starts at least 12 bytes before the end of a block. */
const MF_LIMIT = 12;
/** The last 5 bytes of a block are literals. */
const LAST_LITERALS = 5;
const BLOCK_SIZE = 64 * 1024;
const HASH_BITS = 16;
const UNCOMPRESSED = 0x80000000;

/** Why a frame could not be read (Kafka says: corrupt record batch). */
export class Lz4Error extends Error {
  override readonly name = "Lz4Error";
}

const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const hash = (sequence: number) => Math.imul(sequence, 2654435761) >>> (32 - HASH_BITS);

function writeU32(b: Uint8Array, i: number, v: number): void {
  b[i] = v;
  b[i + 1] = v >>> 8;
  b[i + 2] = v >>> 16;
  b[i + 3] = v >>> 24;
}

/** Writes a length's continuation bytes (after the token's 15). */
function writeLength(out: Uint8Array, at: number, rest: number): number {
  for (; rest >= 255; rest -= 255) out[at++] = 255;
  out[at++] = rest;
  return at;
}

/** The continuation bytes of a length that does not fit in its token's 4 bits. */
const lengthBytes = (n: number) => (n >= 15 ? Math.floor((n - 15) / 255) + 1 : 0);

/**
 * Compresses `src[start, end)` as one independent block into `out` at 0; returns the
 * compressed size, or 0 when it would not be smaller (the block is then stored as is).
 */
function compressBlock(src: Uint8Array, start: number, end: number, out: Uint8Array, table: Int32Array): number {
  table.fill(-1);
  const budget = end - start;
  const matchLimit = end - LAST_LITERALS;
  const searchLimit = end - MF_LIMIT;
  let o = 0;
  let anchor = start;
  let i = start;
  while (i < searchLimit) {
    const sequence = u32(src, i);
    const h = hash(sequence);
    const candidate = table[h]!;
    table[h] = i;
    if (candidate < 0 || i - candidate > 0xffff || u32(src, candidate) !== sequence) {
      // Step faster through data that does not repeat, as the reference does.
      i += 1 + ((i - anchor) >>> 6);
      continue;
    }
    let from = candidate;
    while (i > anchor && from > start && src[i - 1] === src[from - 1]) {
      i--;
      from--;
    }
    let length = MIN_MATCH;
    while (i + length < matchLimit && src[i + length] === src[from + length]) length++;
    const literals = i - anchor;
    const size = 1 + lengthBytes(literals) + literals + 2 + lengthBytes(length - MIN_MATCH);
    if (o + size > budget) return 0;
    const token = o++;
    out[token] = (Math.min(literals, 15) << 4) | Math.min(length - MIN_MATCH, 15);
    if (literals >= 15) o = writeLength(out, o, literals - 15);
    out.set(src.subarray(anchor, i), o);
    o += literals;
    out[o++] = i - from;
    out[o++] = (i - from) >>> 8;
    if (length - MIN_MATCH >= 15) o = writeLength(out, o, length - MIN_MATCH - 15);
    i += length;
    anchor = i;
  }
  const literals = end - anchor;
  if (o + 1 + lengthBytes(literals) + literals >= budget) return 0;
  out[o++] = Math.min(literals, 15) << 4;
  if (literals >= 15) o = writeLength(out, o, literals - 15);
  out.set(src.subarray(anchor, end), o);
  return o + literals;
}

/** One LZ4 frame holding `src`. */
export function lz4Compress(src: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(src.length / BLOCK_SIZE));
  const out = new Uint8Array(7 + blocks * (4 + BLOCK_SIZE) + 4);
  writeU32(out, 0, MAGIC);
  out[4] = 0x60; // version 01, independent blocks, no checksums, no content size
  out[5] = 0x40; // blocks of at most 64 KiB
  out[6] = (xxhash32(out.subarray(4, 6)) >>> 8) & 0xff;
  let o = 7;
  const table = new Int32Array(1 << HASH_BITS);
  const scratch = new Uint8Array(BLOCK_SIZE);
  for (let start = 0; start < src.length; start += BLOCK_SIZE) {
    const end = Math.min(src.length, start + BLOCK_SIZE);
    const size = compressBlock(src, start, end, scratch, table);
    if (size > 0) {
      writeU32(out, o, size);
      out.set(scratch.subarray(0, size), o + 4);
      o += 4 + size;
    } else {
      writeU32(out, o, (end - start) | UNCOMPRESSED);
      out.set(src.subarray(start, end), o + 4);
      o += 4 + end - start;
    }
  }
  writeU32(out, o, 0); // end mark
  return out.slice(0, o + 4);
}

/** A growable output, so that a match may reach back into earlier blocks (dependent blocks). */
class Output {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

function readLength(src: Uint8Array, at: { i: number }, end: number): number {
  let length = 0;
  let byte: number;
  do {
    if (at.i >= end) throw new Lz4Error("a length runs past the end of its block");
    byte = src[at.i++]!;
    length += byte;
  } while (byte === 255);
  return length;
}

function decompressBlock(src: Uint8Array, start: number, end: number, out: Output, frameStart: number): void {
  const at = { i: start };
  while (at.i < end) {
    const token = src[at.i++]!;
    let literals = token >>> 4;
    if (literals === 15) literals += readLength(src, at, end);
    if (at.i + literals > end) throw new Lz4Error("literals run past the end of their block");
    out.reserve(literals);
    out.bytes.set(src.subarray(at.i, at.i + literals), out.length);
    out.length += literals;
    at.i += literals;
    if (at.i >= end) break; // the last sequence has literals only
    if (at.i + 2 > end) throw new Lz4Error("a match offset runs past the end of its block");
    const offset = src[at.i]! | (src[at.i + 1]! << 8);
    at.i += 2;
    let length = token & 15;
    if (length === 15) length += readLength(src, at, end);
    length += MIN_MATCH;
    if (offset === 0 || offset > out.length - frameStart) throw new Lz4Error("a match points before the frame");
    out.reserve(length);
    const bytes = out.bytes;
    let from = out.length - offset;
    // Byte by byte: a match may overlap what it writes (a run).
    for (let n = 0; n < length; n++) bytes[out.length++] = bytes[from++]!;
  }
}

/** The bytes of the LZ4 frames in `src`, one after the other. */
export function lz4Decompress(src: Uint8Array): Uint8Array {
  const out = new Output();
  let i = 0;
  while (i < src.length) {
    if (i + 4 > src.length) throw new Lz4Error("truncated frame");
    const magic = u32(src, i);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) {
      i += 8 + u32(src, i + 4);
      continue;
    }
    if (magic !== MAGIC) throw new Lz4Error(`not an LZ4 frame (magic ${magic.toString(16)})`);
    i = readFrame(src, i + 4, out);
  }
  return out.bytes.slice(0, out.length);
}

function readFrame(src: Uint8Array, i: number, out: Output): number {
  const flags = src[i]!;
  if (flags >>> 6 !== 1) throw new Lz4Error(`unknown LZ4 frame version ${flags >>> 6}`);
  if (flags & 0x01) throw new Lz4Error("frames compressed with a dictionary are not supported");
  const blockChecksums = (flags & 0x10) !== 0;
  const contentSize = (flags & 0x08) !== 0;
  const contentChecksum = (flags & 0x04) !== 0;
  const descriptorEnd = i + 2 + (contentSize ? 8 : 0);
  if (descriptorEnd + 1 > src.length) throw new Lz4Error("truncated frame descriptor");
  if (((xxhash32(src.subarray(i, descriptorEnd)) >>> 8) & 0xff) !== src[descriptorEnd]) {
    throw new Lz4Error("the frame descriptor's checksum does not match");
  }
  i = descriptorEnd + 1;
  const frameStart = out.length;
  for (;;) {
    if (i + 4 > src.length) throw new Lz4Error("truncated block");
    const word = u32(src, i);
    i += 4;
    if (word === 0) break;
    const size = word & ~UNCOMPRESSED;
    if (i + size + (blockChecksums ? 4 : 0) > src.length) throw new Lz4Error("truncated block");
    if (blockChecksums && xxhash32(src.subarray(i, i + size)) !== u32(src, i + size)) {
      throw new Lz4Error("a block's checksum does not match");
    }
    if (word & UNCOMPRESSED) {
      out.reserve(size);
      out.bytes.set(src.subarray(i, i + size), out.length);
      out.length += size;
    } else {
      decompressBlock(src, i, i + size, out, frameStart);
    }
    i += size + (blockChecksums ? 4 : 0);
  }
  if (contentChecksum) {
    if (i + 4 > src.length) throw new Lz4Error("truncated content checksum");
    if (xxhash32(out.bytes.subarray(frameStart, out.length)) !== u32(src, i)) {
      throw new Lz4Error("the frame's content checksum does not match");
    }
    i += 4;
  }
  return i;
}
