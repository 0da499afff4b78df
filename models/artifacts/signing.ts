/**
 * Ed25519 signatures over artifact checksums, with WebCrypto. A signature binds an
 * artifact's checksum to the deployment's key, so an artifact whose files and recorded
 * checksum were both rewritten still fails: the attacker would need the private key.
 *
 * The key comes from `ATLAS_SIGNING_KEY`: a base64 (or base64url) PKCS#8 Ed25519
 * private key, as `deno run models/artifacts/keygen.ts` prints. The public key is
 * derived from it, so there is one secret to configure and nothing to keep in step.
 *
 * @example
 * ```ts
 * const signer = await Signer.fromConfig(config.signingKey);
 * const signature = await signer.sign(manifest.checksum);
 * // ... later:
 * await signer.verify(manifest.checksum, signature); // throws E7203 if it does not hold
 * ```
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import {
  algorithm,
  type ArtifactSignature,
  checkSignature,
  decodeBase64,
  describeKey,
  signedMessage,
} from "./signature.ts";

/** A fresh key pair, as printed by `keygen.ts`. */
export interface GeneratedKey {
  /** Base64 PKCS#8: the value of `ATLAS_SIGNING_KEY`. */
  privateKey: string;
  /** Base64 of the 32-byte raw public key. */
  publicKey: string;
  keyId: string;
}

interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeyBase64: string;
  keyId: string;
}

/** Signs artifact checksums with the configured key and verifies signatures against it. */
export class Signer {
  readonly #key: KeyPair | undefined;

  private constructor(key: KeyPair | undefined) {
    this.#key = key;
  }

  /**
   * The signer for `ATLAS_SIGNING_KEY`; with no key, a signer whose `sign` and `verify`
   * throw E7204, so a deployment without signing still starts.
   *
   * @throws {AtlasError} E7503 when the text is not a base64 PKCS#8 Ed25519 key. The
   *   message never repeats the text: it is a secret, and errors end up in logs.
   */
  static async fromConfig(keyText: string | undefined): Promise<Signer> {
    if (keyText === undefined) return new Signer(undefined);
    try {
      return new Signer(await importKeyPair(decodeBase64(keyText)));
    } catch {
      // No cause either: a decoder's message may quote the offending characters.
      throw new AtlasError(
        "E7503",
        "ATLAS_SIGNING_KEY is not a base64 PKCS#8 Ed25519 private key; generate one with `deno run models/artifacts/keygen.ts`",
      );
    }
  }

  /** A new key pair, for `keygen.ts`. */
  static async generate(): Promise<GeneratedKey> {
    const pair = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
    const { publicKeyBase64, keyId } = await describeKey(pair.publicKey);
    return { privateKey: pkcs8.toBase64(), publicKey: publicKeyBase64, keyId };
  }

  /**
   * Checks `signature` over `checksum` against `publicKey` (base64 raw) rather than the
   * configured key: for artifacts signed before a key rotation.
   *
   * @throws {AtlasError} E7203 when the signature is missing, malformed, by another key or does not hold.
   */
  static async verifyWithPublicKey(checksum: string, signature: unknown, publicKey: string): Promise<void> {
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey("raw", decodeBase64(publicKey), algorithm, true, ["verify"]);
    } catch {
      throw new AtlasError("E7203", "the public key to verify with is not a base64 raw Ed25519 public key");
    }
    await checkSignature(checksum, signature, key, (await describeKey(key)).keyId);
  }

  /** Whether a key is configured, i.e. whether `sign` and `verify` can work. */
  get configured(): boolean {
    return this.#key !== undefined;
  }

  /** The configured key's id (first 16 hex of the SHA-256 of the raw public key). */
  get keyId(): string | undefined {
    return this.#key?.keyId;
  }

  /** The configured public key, base64 raw. */
  get publicKey(): string | undefined {
    return this.#key?.publicKeyBase64;
  }

  /**
   * Signs `checksum`.
   *
   * @throws {AtlasError} E7204 when no key is configured.
   */
  async sign(checksum: string): Promise<ArtifactSignature> {
    const key = this.#required("sign an artifact");
    const signature = new Uint8Array(await crypto.subtle.sign(algorithm, key.privateKey, signedMessage(checksum)));
    return { algorithm: "Ed25519", keyId: key.keyId, publicKey: key.publicKeyBase64, signature: signature.toBase64() };
  }

  /**
   * Checks that `signature` (as stored: anything) is the configured key's over `checksum`.
   *
   * @throws {AtlasError} E7203 when the signature is missing, malformed, by another key
   *   or does not hold for this checksum; E7204 when no key is configured.
   */
  async verify(checksum: string, signature: unknown): Promise<void> {
    const key = this.#required("verify an artifact signature");
    await checkSignature(checksum, signature, key.publicKey, key.keyId);
  }

  #required(action: string): KeyPair {
    if (this.#key !== undefined) return this.#key;
    throw new AtlasError("E7204", `cannot ${action}: ATLAS_SIGNING_KEY is not set`);
  }
}

/** The key pair of a PKCS#8 private key; throws whatever WebCrypto throws for a bad one. */
async function importKeyPair(pkcs8: Uint8Array<ArrayBuffer>): Promise<KeyPair> {
  // WebCrypto cannot derive a public key directly, but the private JWK carries it as `x`.
  const extractable = await crypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["sign"]);
  const { x } = await crypto.subtle.exportKey("jwk", extractable);
  if (x === undefined) throw new TypeError("the private key has no public part");
  const publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x }, algorithm, true, [
    "verify",
  ]);
  // The key kept for signing cannot be exported, so nothing else in the process can read it back.
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, algorithm, false, ["sign"]);
  return { privateKey, publicKey, ...await describeKey(publicKey) };
}
