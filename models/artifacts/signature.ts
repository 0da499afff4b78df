/**
 * What an artifact signature is, and how one is checked against a public key. What is
 * signed is `atlas-artifact/1:<checksum>` in UTF-8: the prefix keeps a signature from
 * meaning anything outside artifact checksums.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import { artifactFormat } from "./manifest.ts";

/** The WebCrypto algorithm of every key and signature here. */
export const algorithm = { name: "Ed25519" } as const;

/** A signature as stored beside a model; `publicKey` says who signed, `keyId` names that key. */
export const artifactSignatureSchema = z.object({
  algorithm: z.literal("Ed25519"),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Base64 of the 32-byte raw public key. */
  publicKey: z.string(),
  /** Base64 of the 64-byte signature. */
  signature: z.string(),
});

/** A signature over an artifact checksum. */
export type ArtifactSignature = z.infer<typeof artifactSignatureSchema>;

/** The bytes signed for `checksum`. */
export function signedMessage(checksum: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${artifactFormat}:${checksum}`);
}

/**
 * Checks that `signature` (as stored: anything) is the key `keyId`'s over `checksum`.
 *
 * @throws {AtlasError} E7203 when it is missing, malformed, by another key or does not hold.
 */
export async function checkSignature(
  checksum: string,
  signature: unknown,
  publicKey: CryptoKey,
  keyId: string,
): Promise<void> {
  if (signature === undefined || signature === null) throw new AtlasError("E7203", "the artifact is not signed");
  const parsed = artifactSignatureSchema.safeParse(signature);
  if (!parsed.success) {
    throw new AtlasError("E7203", `artifact signature is malformed: ${z.prettifyError(parsed.error)}`, {
      details: parsed.error.issues,
    });
  }
  if (parsed.data.keyId !== keyId) {
    throw new AtlasError("E7203", `artifact was signed by key ${parsed.data.keyId}, not by the trusted key ${keyId}`, {
      details: { keyId: parsed.data.keyId, trustedKeyId: keyId },
    });
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = decodeBase64(parsed.data.signature);
  } catch {
    throw new AtlasError("E7203", "artifact signature is malformed: not base64");
  }
  // verify() answers false, never throws, for a signature of the wrong length.
  if (!await crypto.subtle.verify(algorithm, publicKey, bytes, signedMessage(checksum))) {
    throw new AtlasError(
      "E7203",
      `artifact signature by key ${keyId} does not hold for checksum ${checksum}: the checksum or the signature was changed`,
      { details: { keyId, checksum } },
    );
  }
}

/** A public key as base64 raw bytes, and its id: the first 16 hex of the SHA-256 of those bytes. */
export async function describeKey(publicKey: CryptoKey): Promise<{ publicKeyBase64: string; keyId: string }> {
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", publicKey));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  return { publicKeyBase64: raw.toBase64(), keyId: digest.toHex().slice(0, 16) };
}

/** Base64 or base64url, padded or not; whitespace is ignored (a key pasted over two lines). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.fromBase64(text.replaceAll("-", "+").replaceAll("_", "/"));
}
