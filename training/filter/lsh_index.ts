/**
 * Locality-sensitive hashing over MinHash signatures (the banding technique of Leskovec,
 * Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3): a signature is cut into
 * `bands` bands of `rows` values, and two items become candidates when any whole band
 * agrees. Items of Jaccard J meet with probability 1 − (1 − J^rows)^bands, so with 32
 * bands of 4 a pair at 0.85 is found all but surely (1 − 6·10⁻¹¹) and a pair at 0.2
 * rarely (5%), without comparing every pair. Candidates are to be verified with
 * `estimateJaccard`: a band is matched by its hash, so a rare false candidate is possible.
 *
 * @module
 */
import { finalMix } from "./minhash.ts";

export interface LshIndexOptions {
  /** @default 32 */
  bands?: number;
  /** Signature values per band; `bands × rows` is the signature length. @default 4 */
  rows?: number;
}

/** An index of signatures by band; `Id` is whatever names an item to the caller. */
export class LshIndex<Id = string> {
  readonly bands: number;
  readonly rows: number;
  readonly #ids: Id[] = [];
  /** Per band: band hash → the position of the item, or of several (most buckets hold one). */
  readonly #buckets: Map<number, number | number[]>[];

  constructor(options: LshIndexOptions = {}) {
    this.bands = options.bands ?? 32;
    this.rows = options.rows ?? 4;
    for (const [name, value] of [["bands", this.bands], ["rows", this.rows]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
      }
    }
    this.#buckets = Array.from({ length: this.bands }, () => new Map());
  }

  /** How many items are indexed. */
  get size(): number {
    return this.#ids.length;
  }

  /** Indexes `signature` (of length bands × rows) under `id`. */
  add(id: Id, signature: Uint32Array): void {
    this.#check(signature);
    const position = this.#ids.length;
    this.#ids.push(id);
    for (let band = 0; band < this.bands; band++) {
      const buckets = this.#buckets[band]!;
      const key = this.#bandHash(signature, band);
      const held = buckets.get(key);
      if (held === undefined) buckets.set(key, position);
      else if (typeof held === "number") buckets.set(key, [held, position]);
      else held.push(position);
    }
  }

  /** The ids of indexed items sharing at least one band with `signature`, each once, in the order added. */
  candidates(signature: Uint32Array): Id[] {
    this.#check(signature);
    const found: number[] = [];
    for (let band = 0; band < this.bands; band++) {
      const held = this.#buckets[band]!.get(this.#bandHash(signature, band));
      if (held === undefined) continue;
      if (typeof held === "number") found.push(held);
      else found.push(...held);
    }
    found.sort((a, b) => a - b);
    return found.filter((position, i) => i === 0 || position !== found[i - 1]).map((position) => this.#ids[position]!);
  }

  #bandHash(signature: Uint32Array, band: number): number {
    let hash = band;
    for (let i = band * this.rows; i < (band + 1) * this.rows; i++) {
      hash = Math.imul(hash ^ signature[i]!, 0x9e3779b1);
      hash = (hash << 13) | (hash >>> 19);
    }
    // 30 bits: a small integer to V8, so the maps neither box keys nor hash doubles.
    return finalMix(hash) & 0x3fffffff;
  }

  #check(signature: Uint32Array): void {
    if (signature.length !== this.bands * this.rows) {
      throw new RangeError(`signature has ${signature.length} values, the index expects ${this.bands * this.rows}`);
    }
  }
}
