/**
 * The replay's input: a file or stdin, streamed as lines, never read whole.
 *
 * @module
 */
import { resolve } from "node:path";
import { AtlasError } from "../../errors.ts";
import { LineSplitter } from "./line_splitter.ts";

/** An opened input. Reading `lines` to its end (or breaking out of it) closes the file. */
export interface ReplayInput {
  /** The path, or `stdin`. */
  readonly name: string;
  /** Size in bytes of a regular file; undefined for stdin and pipes. */
  readonly size: number | undefined;
  /** Every line, blank ones included, so that their count is the line number. */
  readonly lines: ReadableStream<string>;
}

/** Opens `path`, or stdin for `-`. Throws E7500 when the file cannot be opened. */
export async function openInput(path: string, from?: string): Promise<ReplayInput> {
  if (path === "-") return linesOf("stdin", Deno.stdin.readable, undefined);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(from ? resolve(from, path) : path);
  } catch (error) {
    throw new AtlasError("E7500", `cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  const info = await file.stat();
  if (info.isDirectory) {
    file.close();
    throw new AtlasError("E7500", `${path} is a directory`);
  }
  return linesOf(path, file.readable, info.isFile ? info.size : undefined);
}

/** The lines of a UTF-8 byte stream. */
export function linesOf(name: string, bytes: ReadableStream<Uint8Array>, size: number | undefined): ReplayInput {
  return { name, size, lines: bytes.pipeThrough(new TextDecoderStream()).pipeThrough(new LineSplitter()) };
}
