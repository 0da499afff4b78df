/**
 * Prints a new Ed25519 signing key: the `ATLAS_SIGNING_KEY=` line to put in the
 * environment (a secret), then the public key and key id as comments, so the output
 * can be appended to an env file as it is.
 *
 * ```sh
 * deno run models/artifacts/keygen.ts >> .env
 * ```
 *
 * @module
 */
import { Signer } from "./signing.ts";

if (import.meta.main) {
  const { privateKey, publicKey, keyId } = await Signer.generate();
  console.log(`ATLAS_SIGNING_KEY=${privateKey}`);
  console.log(`# public key: ${publicKey}`);
  console.log(`# key id: ${keyId}`);
}
