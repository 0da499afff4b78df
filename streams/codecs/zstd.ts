/**
 * Zstandard through `node:zlib` (Deno implements Node's zstd functions natively).
 *
 * @module
 */
import zlib from "node:zlib";

export const zstdCompress = (bytes: Uint8Array): Uint8Array => zlib.zstdCompressSync(bytes);
export const zstdDecompress = (bytes: Uint8Array): Uint8Array => zlib.zstdDecompressSync(bytes);
