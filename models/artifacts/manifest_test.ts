import assert from "node:assert/strict";
import { join } from "node:path";
import { AtlasError } from "../../errors.ts";
import { manifestFile, manifestOf, signatureFile, verifyArtifact, writeManifest } from "./manifest.ts";

/** Writes `files` (path → content) under a fresh temporary directory, in the given order; removed on dispose. */
async function artifact(files: Record<string, string>): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "atlas_artifact_" });
  for (const [path, content] of Object.entries(files)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), content);
  }
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}

const files = {
  "config.json": '{"layers":2}',
  "weights/a.bin": "aaaa",
  "weights/b.bin": "bbbb",
  "tokenizer.json": "{}",
};

/** Asserts that `promise` rejects with E7202 and returns the error for more checks. */
async function mismatch(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof AtlasError, `expected an AtlasError, got ${error}`);
  assert.equal(error.code, "E7202");
  return error;
}

Deno.test("manifestOf() lists files sorted by path with sizes and hashes, stable across runs and write order", async () => {
  await using a = await artifact(files);
  await using b = await artifact(Object.fromEntries(Object.entries(files).reverse()));
  const [dir, reversed] = [a.dir, b.dir];
  const manifest = await manifestOf(dir);
  assert.equal(manifest.format, "atlas-artifact/1");
  assert.deepEqual(manifest.files.map((f) => f.path), [
    "config.json",
    "tokenizer.json",
    "weights/a.bin",
    "weights/b.bin",
  ]);
  assert.deepEqual(manifest.files[2], {
    path: "weights/a.bin",
    bytes: 4,
    // sha256("aaaa")
    sha256: "61be55a8e2f6b4e172338bddf184d6dbee29c98853e0a0485ecee7f27b9af0b4",
  });
  assert.match(manifest.checksum, /^[0-9a-f]{64}$/);
  assert.deepEqual(await manifestOf(dir), manifest);
  assert.deepEqual(await manifestOf(reversed), manifest);
});

Deno.test("manifestOf() leaves out the top-level manifest and signature but not nested files of those names", async () => {
  await using tmp = await artifact({ ...files, "sub/manifest.json": "data" });
  const dir = tmp.dir;
  const before = await manifestOf(dir);
  await Deno.writeTextFile(join(dir, signatureFile), "{}");
  await writeManifest(dir, {});
  assert.deepEqual(await manifestOf(dir), before);
  assert.ok(before.files.some((f) => f.path === "sub/manifest.json"));
});

Deno.test("writeManifest() writes canonical JSON with the metadata, which cannot override the checksum", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const manifest = await writeManifest(dir, { modelId: "m-1", lineage: { dataset: "d@1.0.0" }, checksum: "forged" });
  const text = await Deno.readTextFile(join(dir, manifestFile));
  const written = JSON.parse(text);
  assert.equal(written.checksum, manifest.checksum);
  assert.equal(written.modelId, "m-1");
  assert.deepEqual(written.files, manifest.files);
  assert.deepEqual(Object.keys(written), ["checksum", "files", "format", "lineage", "modelId"]);
  assert.ok(text.endsWith("}\n") && !text.includes(": "), "canonical: sorted keys, no whitespace");
});

Deno.test("verifyArtifact() passes an untouched artifact and returns its manifest", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, { modelId: "m-1" });
  await Deno.writeTextFile(join(dir, signatureFile), "{}"); // adding a signature is not a change
  assert.equal((await verifyArtifact(dir, checksum)).checksum, checksum);
});

Deno.test("verifyArtifact() names a file whose content changed, with both hashes", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum, files: listed } = await writeManifest(dir, {});
  await Deno.writeTextFile(join(dir, "weights/b.bin"), "bbbc"); // one byte
  const error = await mismatch(verifyArtifact(dir, checksum));
  const registered = listed.find((f) => f.path === "weights/b.bin")!.sha256;
  const now = (await manifestOf(dir)).files.find((f) => f.path === "weights/b.bin")!.sha256;
  assert.match(error.message, /"weights\/b\.bin" was changed/);
  assert.ok(error.message.includes(registered) && error.message.includes(now), error.message);
  assert.deepEqual(error.details, {
    expectedChecksum: checksum,
    actualChecksum: (await manifestOf(dir)).checksum,
    path: "weights/b.bin",
    change: "changed",
    expectedSha256: registered,
    actualSha256: now,
  });
});

Deno.test("verifyArtifact() names an added file", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, {});
  await Deno.writeTextFile(join(dir, "weights/extra.bin"), "x");
  const error = await mismatch(verifyArtifact(dir, checksum));
  assert.match(error.message, /"weights\/extra\.bin" was added .*expected sha256 none, found [0-9a-f]{64}/);
});

Deno.test("verifyArtifact() names a removed file", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, {});
  await Deno.remove(join(dir, "tokenizer.json"));
  const error = await mismatch(verifyArtifact(dir, checksum));
  assert.match(error.message, /"tokenizer\.json" was removed .*expected sha256 [0-9a-f]{64}, found none/);
});

Deno.test("verifyArtifact() fails on a checksum other than the registered one, even for intact files", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, {});
  const other = "0".repeat(64);
  const error = await mismatch(verifyArtifact(dir, other));
  assert.ok(error.message.includes(checksum) && error.message.includes(other), error.message);
  assert.deepEqual(error.details, { expectedChecksum: other, actualChecksum: checksum });
});

Deno.test("verifyArtifact() fails when files and manifest.json were rewritten together", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, {});
  await Deno.writeTextFile(join(dir, "config.json"), '{"layers":3}');
  await writeManifest(dir, {}); // the manifest now agrees with the tampered files
  const error = await mismatch(verifyArtifact(dir, checksum));
  assert.match(error.message, /manifest\.json does not list the registered files/);
});

Deno.test("verifyArtifact() fails when only manifest.json was changed or made unreadable", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, {});
  const path = join(dir, manifestFile);
  const written = JSON.parse(await Deno.readTextFile(path));
  await Deno.writeTextFile(path, JSON.stringify({ ...written, checksum: "f".repeat(64) }));
  await mismatch(verifyArtifact(dir, checksum));
  await Deno.writeTextFile(path, "not json");
  await mismatch(verifyArtifact(dir, checksum));
  await Deno.remove(path); // no manifest at all: the registry's checksum alone decides
  assert.equal((await verifyArtifact(dir, checksum)).checksum, checksum);
});

Deno.test("verifyArtifact() reports a vanished artifact directory as a mismatch", async () => {
  await using tmp = await artifact(files);
  const dir = tmp.dir;
  const { checksum } = await writeManifest(dir, {});
  await Deno.remove(dir, { recursive: true });
  await mismatch(verifyArtifact(dir, checksum));
});
