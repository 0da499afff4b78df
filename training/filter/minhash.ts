/**
 * MinHash (Broder, 1997): a short signature per text whose agreement with another's
 * estimates the Jaccard similarity of their word shingles, so near-duplicates are
 * found without comparing texts.
 *
 * A text is normalised (lowercase, punctuation as spaces, whitespace collapsed) and
 * cut into word k-shingles, each hashed once to 32 bits. The signature keeps, for each
 * of `permutations` seeded hash functions h_i(x) = a_i·x + b_i mod 2³² (a_i odd, so a
 * bijection), the least value over the shingles. Because the shingle hashes are
 * already well mixed, the multiply-add is enough to make each h_i an independent-
 * looking ordering, and costs two instructions where a full mix would cost six.
 *
 * @module
 */
import { seededRandom } from "../../learning/seeded_random.ts";

export interface MinHashOptions {
  /** Words per shingle; a text with fewer words is one shingle. @default 5 */
  shingleSize?: number;
  /** Signature length: more is a finer estimate (standard error √(J(1−J)/n)). @default 128 */
  permutations?: number;
  /** Draws the hash functions: only signatures of the same seed compare. */
  seed: number;
}

const punctuationOrSpace = /[^\p{L}\p{N}\p{M}]+/gu;

/** Lowercase, every run of characters that are not letters, digits or marks made one space, trimmed. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(punctuationOrSpace, " ").trim();
}

/**
 * The 32-bit hashes of the text's word `shingleSize`-shingles, in order (repeats kept):
 * the words of `normalizeText`, hashed as they are read rather than cut out as strings,
 * which is most of the cost of signing.
 */
export function shingleHashes(text: string, shingleSize = 5): Uint32Array {
  const words = wordHashes(text.toLowerCase());
  const count = Math.max(1, words.length - shingleSize + 1);
  const hashes = new Uint32Array(count);
  for (let start = 0; start < count; start++) {
    const end = Math.min(start + shingleSize, words.length);
    let hash = end - start;
    for (let w = start; w < end; w++) {
      hash = Math.imul(hash ^ words[w]!, 0x9e3779b1);
      hash = (hash << 13) | (hash >>> 19); // rotate, so word order matters
    }
    hashes[start] = finalMix(hash);
  }
  return hashes;
}

/** FNV-1a of each word (UTF-16 units, as `fnv1a` of the word) of already lowercased text. */
function wordHashes(lower: string): number[] {
  const hashes: number[] = [];
  let hash = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    const word = code < 0x80
      ? (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)
      : isWordCodePoint(lower.codePointAt(i)!);
    if (word) {
      hash = Math.imul(hash ^ code, 0x01000193);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < lower.length) {
        hash = Math.imul(hash ^ lower.charCodeAt(++i), 0x01000193);
      }
      inWord = true;
    } else if (inWord) {
      hashes.push(hash >>> 0);
      hash = 0x811c9dc5;
      inWord = false;
    }
  }
  if (inWord) hashes.push(hash >>> 0);
  return hashes;
}

const letterDigitOrMark = /^[\p{L}\p{N}\p{M}]$/u;
/** Per code point below 0x10000: 0 not yet known, 1 a letter, digit or mark, 2 not. */
const bmpClass = new Uint8Array(0x10000);

function isWordCodePoint(codePoint: number): boolean {
  if (codePoint >= 0x10000) return letterDigitOrMark.test(String.fromCodePoint(codePoint));
  if (bmpClass[codePoint] === 0) bmpClass[codePoint] = letterDigitOrMark.test(String.fromCharCode(codePoint)) ? 1 : 2;
  return bmpClass[codePoint] === 1;
}

/** Makes signatures; the hash functions are drawn once, from the seed. */
export class MinHasher {
  readonly shingleSize: number;
  readonly permutations: number;
  readonly #multipliers: Uint32Array;
  readonly #offsets: Uint32Array;

  constructor(options: MinHashOptions) {
    this.shingleSize = options.shingleSize ?? 5;
    this.permutations = options.permutations ?? 128;
    if (!Number.isInteger(this.shingleSize) || this.shingleSize < 1) {
      throw new RangeError(`shingleSize must be a positive integer, got ${this.shingleSize}`);
    }
    if (!Number.isInteger(this.permutations) || this.permutations < 1) {
      throw new RangeError(`permutations must be a positive integer, got ${this.permutations}`);
    }
    const random = seededRandom(options.seed);
    const draw = () => Math.floor(random() * 0x1_0000_0000) >>> 0;
    this.#multipliers = Uint32Array.from({ length: this.permutations }, () => draw() | 1);
    this.#offsets = Uint32Array.from({ length: this.permutations }, draw);
  }

  /** The text's signature: for each hash function, the least hash over its shingles. */
  sign(text: string): Uint32Array {
    return this.signShingles(shingleHashes(text, this.shingleSize));
  }

  /** The signature of already hashed shingles (at least one). */
  signShingles(shingles: Uint32Array): Uint32Array {
    const signature = new Uint32Array(this.permutations).fill(0xffffffff);
    const a = this.#multipliers;
    const b = this.#offsets;
    let i = 0;
    // Four hash functions per pass over the shingles: four independent chains keep the CPU busy.
    for (; i + 4 <= this.permutations; i += 4) {
      const a0 = a[i]!, a1 = a[i + 1]!, a2 = a[i + 2]!, a3 = a[i + 3]!;
      const b0 = b[i]!, b1 = b[i + 1]!, b2 = b[i + 2]!, b3 = b[i + 3]!;
      let m0 = 0xffffffff, m1 = 0xffffffff, m2 = 0xffffffff, m3 = 0xffffffff;
      for (let s = 0; s < shingles.length; s++) {
        const x = shingles[s]!;
        const v0 = (Math.imul(a0, x) + b0) >>> 0;
        const v1 = (Math.imul(a1, x) + b1) >>> 0;
        const v2 = (Math.imul(a2, x) + b2) >>> 0;
        const v3 = (Math.imul(a3, x) + b3) >>> 0;
        if (v0 < m0) m0 = v0;
        if (v1 < m1) m1 = v1;
        if (v2 < m2) m2 = v2;
        if (v3 < m3) m3 = v3;
      }
      signature[i] = m0;
      signature[i + 1] = m1;
      signature[i + 2] = m2;
      signature[i + 3] = m3;
    }
    for (; i < this.permutations; i++) {
      for (let s = 0; s < shingles.length; s++) {
        const value = (Math.imul(a[i]!, shingles[s]!) + b[i]!) >>> 0;
        if (value < signature[i]!) signature[i] = value;
      }
    }
    return signature;
  }
}

/** The share of positions where two signatures (same seed and length) agree: an estimate of Jaccard. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length: ${a.length} and ${b.length}`);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** MurmurHash3's finaliser: every input bit flips each output bit with probability near ½. */
export function finalMix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
