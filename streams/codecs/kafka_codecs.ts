/**
 * Every codec Kafka producers use, for kafkajs: gzip is built in; snappy, LZ4 and
 * zstd are registered here (kafkajs ships without them and fails the whole fetch on
 * the first batch that uses one). Reading and writing both.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { CompressionCodecs, CompressionTypes } from "kafkajs";
import { lz4Compress, lz4Decompress } from "./lz4.ts";
import { snappyCompress, snappyDecompress } from "./snappy.ts";
import { zstdCompress, zstdDecompress } from "./zstd.ts";

type Transform = (bytes: Uint8Array) => Uint8Array;

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A kafkajs codec: it compresses an encoder's buffer and decompresses a record batch's payload. */
const codec = (compress: Transform, decompress: Transform) => () => ({
  compress: (encoder: { buffer: Buffer }) => Promise.resolve(asBuffer(compress(encoder.buffer))),
  decompress: (payload: Buffer) => Promise.resolve(asBuffer(decompress(payload))),
});

/** Registers snappy, LZ4 and zstd with kafkajs (process-wide; calling again changes nothing). */
export function registerCodecs(): void {
  CompressionCodecs[CompressionTypes.Snappy] = codec(snappyCompress, snappyDecompress);
  CompressionCodecs[CompressionTypes.LZ4] = codec(lz4Compress, lz4Decompress);
  CompressionCodecs[CompressionTypes.ZSTD] = codec(zstdCompress, zstdDecompress);
}

/** The codecs by the names producers and `--compression` use. */
export const compressionCodecs = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

export type CompressionName = keyof typeof compressionCodecs;
