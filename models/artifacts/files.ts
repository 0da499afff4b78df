/**
 * The files of an artifact directory and their SHA-256 digests: the file-system half
 * of a manifest, kept apart so the manifest logic reads as comparisons only.
 *
 * Files are hashed as streams with `node:crypto`'s incremental hash, so memory stays
 * flat whatever a weights file weighs. WebCrypto's `crypto.subtle.digest` has no
 * incremental form and would need each file whole in memory.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { AtlasError } from "../../errors.ts";

/** One file of an artifact: its path relative to the artifact, with `/` separators. */
export interface FileDigest {
  path: string;
  bytes: number;
  /** Lowercase hex. */
  sha256: string;
}

/**
 * Every regular file under `dir`, sorted by path, except the top-level names in `skip`.
 *
 * Symlinks to files are followed: what matters is the bytes a model loader would read
 * (a Hugging Face snapshot is all symlinks). Empty directories are not recorded, since
 * they hold nothing a loader reads.
 *
 * @throws {AtlasError} E7205 when the artifact holds a symlinked directory (it could
 *   loop) or something that is neither a file nor a directory (a FIFO would hang).
 */
export async function digestFiles(dir: string, skip: ReadonlySet<string>): Promise<FileDigest[]> {
  const paths: string[] = [];
  for await (const path of walk(dir, "")) if (!skip.has(path)) paths.push(path);
  paths.sort(comparePaths);
  const digests: FileDigest[] = [];
  for (const path of paths) digests.push({ path, ...await digestFile(join(dir, path)) });
  return digests;
}

/** Code-unit order, not localeCompare: the same on every machine and in every locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function* walk(root: string, relative: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(join(root, relative))) {
    // Always `/`, so a manifest written on one OS verifies on another.
    const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
    const target = entry.isSymlink ? await Deno.stat(join(root, path)) : entry;
    if (target.isFile) yield path;
    else if (target.isDirectory && !entry.isSymlink) yield* walk(root, path);
    else {
      throw new AtlasError("E7205", `artifact entry "${path}" is not a regular file or directory`, {
        details: { path, symlink: entry.isSymlink },
      });
    }
  }
}

async function digestFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const file = await Deno.open(path);
  const hash = createHash("sha256");
  let bytes = 0;
  // The readable closes the file when it ends or the loop leaves early. Counting what
  // was hashed, rather than stat'ing, keeps bytes and digest about the same content.
  for await (const chunk of file.readable) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { bytes, sha256: hash.digest("hex") };
}
