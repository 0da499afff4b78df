/**
 * The replay order and the held-out questions. All runs of all datasets are shuffled
 * together by a seeded Fisher–Yates, so the fleet's agents interleave (a dataset
 * arriving as one block would flatter a recency baseline) and the same seed gives the
 * same order.
 *
 * The held-out set is stratified by dataset and family: each family gives `share` of
 * its runs (20%), at least one when it has `minFamily` runs or more (3: then at least
 * two stay in the stream to learn from), at most `cap` (30: enough for a rate, and the
 * eval stays fast on large datasets). A share rather than today's flat 30 because the
 * families now run from 1 run (tau2's rarest) to 500 (FEVER): a flat count would hold
 * out all of a small family and leave nothing to learn. They are taken from the end of
 * the shuffled order, so the start of the stream has every family. Runs without a
 * family are replayed but never asked about: a hit is defined by family.
 *
 * @module
 */
import { seededRandom } from "../learning/seeded_random.ts";

export interface HoldOut {
  /** Share of each family held out. @default 0.2 */
  share: number;
  /** A family this large holds out at least one run. @default 3 */
  minFamily: number;
  /** At most this many per family. @default 30 */
  cap: number;
}

export const defaultHoldOut: HoldOut = { share: 0.2, minFamily: 3, cap: 30 };

/** What the split needs of a run. */
export interface Stratified {
  dataset: string;
  family: string | null;
}

export interface Split<T> {
  /** Replayed in this order. */
  stream: T[];
  /** Asked about, never replayed; in the order they were picked (from the end). */
  heldOut: T[];
}

/** How many runs a family of `size` holds out. */
export function heldOutCount(size: number, options: HoldOut = defaultHoldOut): number {
  if (size < options.minFamily) return 0;
  return Math.min(options.cap, Math.max(1, Math.round(size * options.share)));
}

/** Shuffles `runs` with `seed` and holds out each family's share from the end. */
export function split<T extends Stratified>(runs: readonly T[], seed: number, options = defaultHoldOut): Split<T> {
  const all = shuffle([...runs], seed);
  const size = new Map<string, number>();
  for (const run of all) {
    if (run.family !== null) size.set(strata(run), (size.get(strata(run)) ?? 0) + 1);
  }
  const taken = new Map<string, number>();
  const held = new Set<T>();
  for (let i = all.length - 1; i >= 0; i--) {
    const run = all[i]!;
    if (run.family === null) continue;
    const key = strata(run);
    const n = taken.get(key) ?? 0;
    if (n >= heldOutCount(size.get(key)!, options)) continue;
    taken.set(key, n + 1);
    held.add(run);
  }
  return { stream: all.filter((run) => !held.has(run)), heldOut: [...held] };
}

/** Two datasets may use the same family name for different work: stratify by both. */
const strata = (run: Stratified) => `${run.dataset}\u0000${run.family}`;

/** Fisher–Yates with the seeded generator: the same seed, the same order. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
