/**
 * Preference pairs across the tasks of one domain, for data where each task was
 * answered once (every real ReAct run is its own task, so same-task pairs are none).
 *
 * Within a domain, each answer is paired, as the chosen one, with up to
 * `pairsPerExample` answers to other tasks of that domain that it leads by at least
 * `minMargin` quality points, drawn at random (seeded) among all such answers. The
 * model then learns r(x_c, y_c) > r(x_r, y_r) for different prompts: an outcome model
 * more than a strict preference model, which is the honest reading of such pairs.
 * Domains never mix: a good shopping run says nothing about a fact check.
 *
 * Pairs share answers, so split the examples by task first
 * ({@linkcode splitExamplesByTask}) and pair within each side: pairs of held-out
 * tasks then meet no answer seen in training.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import { fnv1a } from "../learning/fnv1a.ts";
import { seededRandom } from "../learning/seeded_random.ts";
import type { TrainingExample } from "../training/example.ts";
import { leadsBy } from "../training/exports/options.ts";
import { byQuality } from "../training/exports/task_groups.ts";
import { type PreferencePair, preferencePair } from "./preference_pairs.ts";

export interface FamilyPairOptions {
  /** The smallest lead, in quality points (0–100), that makes a pair; the edge counts. */
  minMargin: number;
  /** The most pairs in which one answer is the chosen one. @default 4 */
  pairsPerExample?: number;
  /** Seed of the draw of partners. @default 0 */
  seed?: number;
}

const optionsSchema = z.strictObject({
  minMargin: z.number().min(0).max(100),
  pairsPerExample: z.number().int().min(1).default(4),
  seed: z.number().int().default(0),
});

/** Pairs within each domain of `examples`, domains in name order; throws E7300 on invalid options. */
export function familyPreferencePairs(
  examples: readonly TrainingExample[],
  options: FamilyPairOptions,
): PreferencePair[] {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new AtlasError("E7300", `invalid family-pair options: ${z.prettifyError(parsed.error)}`);
  const { minMargin, pairsPerExample, seed } = parsed.data;
  const domains = Map.groupBy(examples, (example) => example.domain);
  return [...domains.keys()].sort().flatMap((domain) => {
    const ranked = domains.get(domain)!.toSorted(byQuality);
    const random = seededRandom(fnv1a(`${seed}\u0000${domain}`));
    const pairs: PreferencePair[] = [];
    // Ranked best first, the answers `chosen` leads by minMargin are a suffix of the ranking.
    let firstBeaten = 0;
    ranked.forEach((chosen, i) => {
      firstBeaten = Math.max(firstBeaten, i + 1);
      while (firstBeaten < ranked.length && !beats(chosen, ranked[firstBeaten]!, minMargin)) firstBeaten++;
      for (const j of sample(ranked.length - firstBeaten, pairsPerExample, random).sort((a, b) => a - b)) {
        pairs.push(preferencePair(`domain:${domain}`, chosen, ranked[firstBeaten + j]!));
      }
    });
    return pairs;
  });
}

const beats = (chosen: TrainingExample, rejected: TrainingExample, minMargin: number) =>
  chosen.qualityScore > rejected.qualityScore && leadsBy(chosen.qualityScore, rejected.qualityScore, minMargin);

/** `k` distinct integers of [0, n), or all of them when n ≤ k (Floyd's algorithm: k draws, however large n). */
function sample(n: number, k: number, random: () => number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    picked.add(picked.has(t) ? j : t);
  }
  return [...picked];
}
