/**
 * Model artifacts' integrity: a manifest of SHA-256 checksums over an artifact
 * directory, checked before a model is trusted, and Ed25519 signatures over the
 * manifest's checksum.
 *
 * @module
 */
export {
  artifactFormat,
  type ArtifactManifest,
  artifactManifestSchema,
  manifestFile,
  manifestOf,
  signatureFile,
  verifyArtifact,
  writeManifest,
} from "./manifest.ts";
export { type ArtifactSignature, artifactSignatureSchema } from "./signature.ts";
export { type GeneratedKey, Signer } from "./signing.ts";
