/**
 * Snappy as Kafka producers write it: raw snappy (librdkafka, kafkajs), or the
 * xerial framing Kafka's Java producer writes (a magic header, then length-prefixed
 * snappy chunks). Written as raw snappy, which every Kafka client reads.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import snappy from "snappyjs";

const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];
/** The magic, then the format's version and its oldest compatible version (4 bytes each). */
const XERIAL_HEADER = 16;

const isXerial = (bytes: Uint8Array) =>
  bytes.length >= XERIAL_HEADER && XERIAL_MAGIC.every((byte, i) => bytes[i] === byte);

/** Uncompressed bytes of a Kafka snappy payload, raw or xerial-framed. */
export function snappyDecompress(bytes: Uint8Array): Uint8Array {
  if (!isXerial(bytes)) return snappy.uncompress(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Uint8Array[] = [];
  for (let i = XERIAL_HEADER; i + 4 <= bytes.length;) {
    const size = view.getUint32(i);
    i += 4;
    if (i + size > bytes.length) throw new Error("snappy: a xerial chunk runs past the end of the payload");
    chunks.push(snappy.uncompress(bytes.subarray(i, i + size)));
    i += size;
  }
  return Buffer.concat(chunks);
}

export const snappyCompress = (bytes: Uint8Array): Uint8Array => snappy.compress(bytes);
