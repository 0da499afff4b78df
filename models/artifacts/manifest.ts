/**
 * An artifact's manifest: every file of the artifact directory with its size and
 * SHA-256, and one checksum over that list. The registry records the checksum when a
 * model is registered; {@linkcode verifyArtifact} recomputes it before the model is
 * trusted, so a file added, removed or changed since then is caught and named.
 *
 * The checksum covers the files only. Metadata written beside them in `manifest.json`
 * (model id, lineage) is for readers of the directory; the registry's own record of it
 * is the one to trust.
 *
 * @example
 * ```ts
 * const { checksum } = await writeManifest(dir, { modelId: "m-1" });
 * // ... later, before deploying:
 * await verifyArtifact(dir, checksum); // throws E7202 if anything changed
 * ```
 *
 * @module
 */
import { join } from "node:path";
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import { canonicalJson, configHash } from "../../training/datasets/content_hash.ts";
import { comparePaths, digestFiles, type FileDigest } from "./files.ts";

/** The manifest format this module writes and reads. */
export const artifactFormat = "atlas-artifact/1";
/** The manifest's name at the top of an artifact directory; not part of its own file list. */
export const manifestFile = "manifest.json";
/** Where an artifact's signature belongs; left out of the file list, since it signs the checksum. */
export const signatureFile = "signature.json";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256");

/** A manifest as read back from `manifest.json` (extra metadata is dropped). */
export const artifactManifestSchema = z.object({
  format: z.literal(artifactFormat),
  files: z.array(z.object({ path: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: sha256Hex })),
  checksum: sha256Hex,
});

/** The files of an artifact and the checksum over them. */
export type ArtifactManifest = z.infer<typeof artifactManifestSchema>;

/** Computes the manifest of the artifact in `dir`, hashing every file but the manifest and signature. */
export async function manifestOf(dir: string): Promise<ArtifactManifest> {
  const files = await digestFiles(dir, new Set([manifestFile, signatureFile]));
  return { format: artifactFormat, files, checksum: checksumOf(files) };
}

/**
 * Computes the manifest of `dir` and writes it, with `extra` metadata beside it, to
 * `manifest.json` as canonical JSON. The computed `format`, `files` and `checksum`
 * win over keys of the same name in `extra`. Returns the computed manifest.
 */
export async function writeManifest(dir: string, extra: Record<string, unknown>): Promise<ArtifactManifest> {
  const manifest = await manifestOf(dir);
  await Deno.writeTextFile(join(dir, manifestFile), `${canonicalJson({ ...extra, ...manifest })}\n`);
  return manifest;
}

/**
 * Checks that the artifact in `dir` is still the one registered with `expectedChecksum`:
 * the same files with the same content, and a `manifest.json`, if there is one, that
 * records that checksum. Returns the recomputed manifest.
 *
 * @throws {AtlasError} E7202 naming the first differing file (in path order) and both
 *   hashes, when `manifest.json` still lists the registered files; otherwise naming
 *   both checksums.
 */
export async function verifyArtifact(dir: string, expectedChecksum: string): Promise<ArtifactManifest> {
  const actual = await readArtifact(dir);
  const recorded = await recordedManifest(dir);
  const trusted = typeof recorded === "object" && checksumOf(recorded.files) === expectedChecksum;
  const checksums = { expectedChecksum, actualChecksum: actual.checksum };
  if (actual.checksum !== expectedChecksum) {
    const difference = trusted ? firstDifference(recorded.files, actual.files) : undefined;
    if (difference === undefined) {
      const why = recorded === "absent"
        ? "there is no manifest.json"
        : "manifest.json does not list the registered files";
      throw new AtlasError(
        "E7202",
        `artifact checksum is ${actual.checksum}, not ${expectedChecksum} as registered; ${why}, so the changed file cannot be named`,
        { details: checksums },
      );
    }
    const { path, change, expectedSha256, actualSha256 } = difference;
    throw new AtlasError(
      "E7202",
      `artifact file "${path}" was ${change} after registration: expected sha256 ${expectedSha256 ?? "none"}, found ${
        actualSha256 ?? "none"
      }`,
      { details: { ...checksums, ...difference } },
    );
  }
  // The files are intact, but a manifest that now claims other files or another
  // checksum misleads whoever reads the directory, so it counts as tampering too.
  if (recorded === "unreadable" || (recorded !== "absent" && (!trusted || recorded.checksum !== expectedChecksum))) {
    throw new AtlasError("E7202", `manifest.json no longer records the registered checksum ${expectedChecksum}`, {
      details: { ...checksums, path: manifestFile },
    });
  }
  return actual;
}

/** SHA-256 of the canonical JSON of the file list (`configHash` is exactly that). */
function checksumOf(files: readonly FileDigest[]): string {
  return configHash(files);
}

async function readArtifact(dir: string): Promise<ArtifactManifest> {
  try {
    return await manifestOf(dir);
  } catch (error) {
    // A vanished artifact is the ultimate change, not an internal error.
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new AtlasError("E7202", `artifact at ${dir} can no longer be read: ${error.message}`, { cause: error });
  }
}

async function recordedManifest(dir: string): Promise<ArtifactManifest | "absent" | "unreadable"> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(dir, manifestFile));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "absent";
    throw error;
  }
  try {
    const parsed = artifactManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable"; // not JSON
  }
}

interface Difference {
  path: string;
  change: "added" | "removed" | "changed";
  expectedSha256: string | null;
  actualSha256: string | null;
}

function firstDifference(recorded: readonly FileDigest[], actual: readonly FileDigest[]): Difference | undefined {
  const before = new Map(recorded.map((f) => [f.path, f.sha256]));
  const after = new Map(actual.map((f) => [f.path, f.sha256]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(comparePaths);
  for (const path of paths) {
    const expectedSha256 = before.get(path) ?? null;
    const actualSha256 = after.get(path) ?? null;
    if (expectedSha256 === actualSha256) continue;
    const change = expectedSha256 === null ? "added" : actualSha256 === null ? "removed" : "changed";
    return { path, change, expectedSha256, actualSha256 };
  }
  return undefined;
}
