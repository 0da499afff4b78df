/**
 * An OTLP request's body as bytes: decompressed as its `Content-Encoding` says (gzip,
 * which OTLP exporters use, or deflate), and bounded before and after decompression,
 * so neither a large upload nor a small gzip bomb gets past the limit.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";

const decompressors: Record<string, CompressionFormat> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate" };

/** The body, decompressed, of at most `limit` bytes; E7700 past it, E7033 for an unknown encoding, E7035 for a broken one. */
export async function readOtlpBody(request: Request, limit: number): Promise<Uint8Array> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  const format = decompressors[encoding];
  if (!format && encoding !== "identity" && encoding !== "") {
    throw new AtlasError("E7033", `unsupported content encoding "${encoding}": send gzip or no encoding`, {
      details: { accepted: ["gzip", "deflate", "identity"] },
    });
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const body = format ? request.body.pipeThrough(new DecompressionStream(format)) : request.body;
  try {
    return await collect(body, limit);
  } catch (error) {
    if (error instanceof AtlasError) throw error;
    throw new AtlasError("E7035", `the ${encoding} body could not be decompressed: ${(error as Error).message}`);
  }
}

async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const tooLarge = (limit: number) =>
  new AtlasError("E7700", `OTLP request exceeds ${limit} bytes (after decompression)`, {
    details: { limitBytes: limit },
  });
