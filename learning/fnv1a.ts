/**
 * 32-bit FNV-1a: a stable hash across runs and platforms, so hashed features (of the
 * outcome model, of the embedding) keep their meaning in what was persisted.
 *
 * @module
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
