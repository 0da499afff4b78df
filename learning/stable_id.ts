/**
 * Stable, short ids for learned records, derived from what identifies them, so the
 * same knowledge learned twice (a retried analysis, a replayed stream) lands on the
 * same row instead of a copy.
 *
 * @module
 */

/** `prefix-` and 16 hex digits of a 64-bit FNV-1a hash of the parts. */
export function stableId(prefix: string, ...parts: readonly string[]): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(parts.join("\u0000"))) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  }
  return `${prefix}-${hash.toString(16).padStart(16, "0")}`;
}
