/**
 * Near-duplicate detection in one pass: items already kept are indexed first and always
 * stay; then each item, in the caller's order, is compared (LSH candidates, verified
 * by their MinHash estimate) with everything kept so far, and is either a duplicate of
 * the most similar one at or above the threshold, or kept itself. The caller orders
 * items best-first, so of a group of copies the best one stays.
 *
 * @module
 */
import { LshIndex } from "./lsh_index.ts";
import { estimateJaccard, MinHasher } from "./minhash.ts";

export interface NearDuplicateOptions {
  /** Estimated Jaccard at or above which an item duplicates a kept one, in (0, 1]. */
  threshold: number;
  /** Words per shingle. */
  shingleSize: number;
  /** MinHash signature length; `bands` must divide it. */
  permutations: number;
  /** LSH bands, of `permutations / bands` values each. */
  bands: number;
  seed: number;
}

export interface TextItem {
  id: string;
  text: string;
}

/** What a duplicate duplicates, and how similar the two are. */
export interface NearDuplicateMatch {
  duplicateOf: string;
  /** The MinHash estimate of their Jaccard similarity. */
  jaccard: number;
}

/** For each of `items`, in order, its match when it is a near-duplicate, else undefined. */
export function matchNearDuplicates(
  items: readonly TextItem[],
  options: NearDuplicateOptions,
  kept: readonly TextItem[] = [],
): (NearDuplicateMatch | undefined)[] {
  if (options.permutations % options.bands !== 0) {
    throw new RangeError(`bands (${options.bands}) must divide permutations (${options.permutations})`);
  }
  const hasher = new MinHasher(options);
  const index = new LshIndex<number>({ bands: options.bands, rows: options.permutations / options.bands });
  const keptIds: string[] = [];
  const signatures: Uint32Array[] = [];
  const keep = (id: string, signature: Uint32Array) => {
    index.add(keptIds.length, signature);
    keptIds.push(id);
    signatures.push(signature);
  };
  for (const item of kept) keep(item.id, hasher.sign(item.text));
  return items.map((item) => {
    const signature = hasher.sign(item.text);
    let best: NearDuplicateMatch | undefined;
    for (const candidate of index.candidates(signature)) {
      const jaccard = estimateJaccard(signature, signatures[candidate]!);
      // Strictly greater: on a tie the earlier (better-ranked) kept item is the original.
      if (jaccard >= options.threshold && jaccard > (best?.jaccard ?? -1)) {
        best = { duplicateOf: keptIds[candidate]!, jaccard };
      }
    }
    if (best === undefined) keep(item.id, signature);
    return best;
  });
}

/** A rejected item's id → the id of the kept item it duplicates. */
export function nearDuplicates(
  items: readonly TextItem[],
  options: NearDuplicateOptions,
  kept: readonly TextItem[] = [],
): Map<string, string> {
  const matches = matchNearDuplicates(items, options, kept);
  const duplicates = new Map<string, string>();
  items.forEach((item, i) => {
    const match = matches[i];
    if (match !== undefined) duplicates.set(item.id, match.duplicateOf);
  });
  return duplicates;
}
