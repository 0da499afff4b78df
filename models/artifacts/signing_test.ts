import assert from "node:assert/strict";
import { AtlasError, type ErrorCode } from "../../errors.ts";
import type { ArtifactSignature } from "./signature.ts";
import { Signer } from "./signing.ts";

const checksum = "a".repeat(64);

async function rejects(promise: Promise<unknown>, code: ErrorCode): Promise<AtlasError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof AtlasError, `expected an AtlasError, got ${error}`);
  assert.equal(error.code, code, error.message);
  return error;
}

async function configured(): Promise<Signer> {
  return await Signer.fromConfig((await Signer.generate()).privateKey);
}

Deno.test("Signer signs a checksum and verifies its own signature", async () => {
  const key = await Signer.generate();
  const signer = await Signer.fromConfig(key.privateKey);
  assert.equal(signer.configured, true);
  assert.equal(signer.publicKey, key.publicKey);
  assert.equal(signer.keyId, key.keyId);
  const signature = await signer.sign(checksum);
  assert.equal(signature.algorithm, "Ed25519");
  assert.equal(signature.keyId, key.keyId);
  assert.match(signature.keyId, /^[0-9a-f]{16}$/);
  assert.equal(signature.publicKey, key.publicKey);
  assert.equal(Uint8Array.fromBase64(signature.signature).length, 64);
  await signer.verify(checksum, signature);
  await signer.verify(checksum, JSON.parse(JSON.stringify(signature))); // as stored and read back
  await Signer.verifyWithPublicKey(checksum, signature, key.publicKey);
  // The wire format, pinned: plain WebCrypto over the documented message must agree.
  const publicKey = await crypto.subtle.importKey("raw", Uint8Array.fromBase64(key.publicKey), "Ed25519", false, [
    "verify",
  ]);
  const signed = new TextEncoder().encode(`atlas-artifact/1:${checksum}`);
  assert.ok(await crypto.subtle.verify("Ed25519", publicKey, Uint8Array.fromBase64(signature.signature), signed));
});

Deno.test("Signer accepts the key as base64url without padding, and surrounded by whitespace", async () => {
  const key = await Signer.generate();
  const url = key.privateKey.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  assert.equal((await Signer.fromConfig(url)).keyId, key.keyId);
  assert.equal((await Signer.fromConfig(` ${key.privateKey}\n`)).keyId, key.keyId);
});

Deno.test("Signer.verify() rejects a signature by another key, even one claiming the trusted key id", async () => {
  const signer = await configured();
  const other = await configured();
  const foreign = await other.sign(checksum);
  const error = await rejects(signer.verify(checksum, foreign), "E7203");
  assert.ok(error.message.includes(other.keyId!) && error.message.includes(signer.keyId!), error.message);
  const relabelled = { ...foreign, keyId: signer.keyId!, publicKey: signer.publicKey! };
  await rejects(signer.verify(checksum, relabelled), "E7203");
});

Deno.test("Signer.verify() rejects a signature for a tampered checksum", async () => {
  const signer = await configured();
  const signature = await signer.sign(checksum);
  const error = await rejects(signer.verify("b".repeat(64), signature), "E7203");
  assert.match(error.message, /does not hold/);
  await rejects(Signer.verifyWithPublicKey("b".repeat(64), signature, signer.publicKey!), "E7203");
});

Deno.test("Signer.verify() rejects a missing or malformed signature", async () => {
  const signer = await configured();
  const good = await signer.sign(checksum);
  const bad: unknown[] = [
    undefined,
    null,
    "signature",
    { ...good, algorithm: "RSA" },
    { ...good, signature: "not base64!" },
    { ...good, signature: good.signature.slice(0, 20) },
    { ...good, signature: new Uint8Array(64).toBase64() },
  ];
  for (const signature of bad) await rejects(signer.verify(checksum, signature), "E7203");
  await rejects(Signer.verifyWithPublicKey(checksum, good, "nonsense"), "E7203");
});

Deno.test("Signer.fromConfig() rejects a bad key with E7503 without repeating it", async () => {
  const ecdsa = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const notEd25519 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", ecdsa.privateKey)).toBase64();
  const truncated = (await Signer.generate()).privateKey.slice(0, 30);
  for (const keyText of ["", "super-secret-value$$", truncated, notEd25519]) {
    const error = await rejects(Signer.fromConfig(keyText), "E7503");
    if (keyText !== "") assert.ok(!error.message.includes(keyText), error.message);
    assert.ok(!JSON.stringify(error.toData()).includes("secret"));
    assert.equal(error.cause, undefined);
  }
});

Deno.test("a Signer without a key cannot sign or verify (E7204)", async () => {
  const signer = await Signer.fromConfig(undefined);
  assert.equal(signer.configured, false);
  assert.equal(signer.keyId, undefined);
  await rejects(signer.sign(checksum), "E7204");
  const signature: ArtifactSignature = await (await configured()).sign(checksum);
  await rejects(signer.verify(checksum, signature), "E7204");
});

Deno.test("keygen.ts prints a key that fromConfig reads back, and nothing else", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", new URL("./keygen.ts", import.meta.url).pathname],
    cwd: new URL("../..", import.meta.url).pathname,
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  const lines = new TextDecoder().decode(output.stdout).trimEnd().split("\n");
  assert.equal(lines.length, 3, lines.join("\n"));
  const [keyLine, publicLine, idLine] = lines;
  const privateKey = keyLine!.match(/^ATLAS_SIGNING_KEY=([A-Za-z0-9+/=]+)$/)?.[1];
  assert.ok(privateKey, keyLine!);
  const signer = await Signer.fromConfig(privateKey);
  assert.equal(publicLine, `# public key: ${signer.publicKey}`);
  assert.equal(idLine, `# key id: ${signer.keyId}`);
});
