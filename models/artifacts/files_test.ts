import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { AtlasError } from "../../errors.ts";
import { digestFiles } from "./files.ts";

async function tempDir(): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "atlas_files_" });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}

Deno.test("digestFiles() hashes a file of many read chunks as the whole of it", async () => {
  await using tmp = await tempDir();
  const content = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => i % 251);
  await Deno.writeFile(join(tmp.dir, "weights.bin"), content);
  assert.deepEqual(await digestFiles(tmp.dir, new Set()), [
    { path: "weights.bin", bytes: content.length, sha256: createHash("sha256").update(content).digest("hex") },
  ]);
});

Deno.test("digestFiles() orders paths by code unit, skips only top-level names and ignores empty directories", async () => {
  await using tmp = await tempDir();
  for (const path of ["b", "B", "a/z", "a-b", "skip", "x/skip"]) {
    await Deno.mkdir(join(tmp.dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(tmp.dir, path), path);
  }
  await Deno.mkdir(join(tmp.dir, "empty"));
  const paths = (await digestFiles(tmp.dir, new Set(["skip"]))).map((f) => f.path);
  assert.deepEqual(paths, ["B", "a-b", "a/z", "b", "x/skip"]);
});

Deno.test("digestFiles() follows a symlink to a file but refuses a symlinked directory", async () => {
  await using tmp = await tempDir();
  await using outside = await tempDir();
  await Deno.writeTextFile(join(outside.dir, "blob"), "weights");
  await Deno.symlink(join(outside.dir, "blob"), join(tmp.dir, "model.bin"));
  const [file] = await digestFiles(tmp.dir, new Set());
  assert.equal(file?.sha256, createHash("sha256").update("weights").digest("hex"));

  await Deno.symlink(outside.dir, join(tmp.dir, "linked"));
  const error = await digestFiles(tmp.dir, new Set()).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7205");
  assert.match(error.message, /"linked"/);
});
