/**
 * Token alignment: the longest common subsequence of two token lists, and the
 * similarity of two templates it gives.
 *
 * Similarity counts a run of differing tokens as ONE difference, however long: two
 * templates that differ only in an unmasked name (`Could not find [<arg>]` and
 * `Could not find Mary-Kate Olsen`) are one slot apart, which is how a reader sees
 * them, while a plain token-set Jaccard would call them far apart.
 *
 * @module
 */

/** Index pairs `[i, j]` of a longest common subsequence of `a` and `b`, ascending. */
export function commonSubsequence<A, B>(a: readonly A[], b: readonly B[], same: (x: A, y: B) => boolean): [
  number,
  number,
][] {
  // Suffix table: length[i][j] = LCS of a[i..] and b[j..]. Templates are short (≤ 41 tokens).
  const length = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      length[i]![j] = same(a[i]!, b[j]!)
        ? length[i + 1]![j + 1]! + 1
        : Math.max(length[i + 1]![j]!, length[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  // Walking forward and taking a match as soon as it is on an optimal path keeps
  // matches early, so a shared beginning stays aligned.
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (same(a[i]!, b[j]!) && length[i]![j] === length[i + 1]![j + 1]! + 1) pairs.push([i++, j++]);
    else if (length[i + 1]![j]! >= length[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

export interface Similarity {
  /** Tokens the two share, in order. */
  shared: number;
  /** Runs where they differ (before, between and after the shared tokens). */
  gaps: number;
  /** shared / (shared + gaps): 1 for equal lists, 0 for nothing in common. */
  score: number;
  /** Whether both begin with the same token. */
  sameStart: boolean;
}

/** How alike two token lists are, counting each differing run once. */
export function similarity<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): Similarity {
  const pairs = commonSubsequence(a, b, same);
  let gaps = 0;
  let [pi, pj] = [-1, -1];
  for (const [i, j] of [...pairs, [a.length, b.length] as [number, number]]) {
    if (i - pi > 1 || j - pj > 1) gaps++;
    [pi, pj] = [i, j];
  }
  const shared = pairs.length;
  const score = shared + gaps === 0 ? 1 : shared / (shared + gaps);
  const first = pairs[0];
  return { shared, gaps, score, sameStart: first !== undefined && first[0] === 0 && first[1] === 0 };
}
