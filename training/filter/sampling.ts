/**
 * Stratified sampling by domain: how many examples each domain contributes to a sample
 * of a given size, and which ones. `proportional` keeps the domains' shares (largest-
 * remainder rounding, so the quotas add up to the size exactly); `balanced` gives each
 * domain the same number, and a domain with fewer passes its leftover to the others.
 * Within a domain the order is a seeded hash of the id: deterministic, unrelated to
 * quality (already filtered) and stable when examples are added or removed.
 *
 * @module
 */
import { fnv1a } from "../../learning/fnv1a.ts";

export type SamplingStrategy = "proportional" | "balanced";

/** Per domain, how many of its `available` examples to take so that they add up to `size` (or all there are). */
export function allocateSample(
  available: ReadonlyMap<string, number>,
  size: number,
  strategy: SamplingStrategy,
): Map<string, number> {
  const total = [...available.values()].reduce((sum, n) => sum + n, 0);
  if (size >= total) return new Map(available);
  return strategy === "proportional" ? proportional(available, size, total) : balanced(available, size);
}

/** Hamilton's method: floors of the exact shares, then one more to the largest remainders. */
function proportional(available: ReadonlyMap<string, number>, size: number, total: number): Map<string, number> {
  // Integer arithmetic: the remainders compare exactly.
  const shares = [...available].map(([domain, n]) => ({
    domain,
    n,
    quota: Math.floor((size * n) / total),
    remainder: (size * n) % total,
  }));
  let left = size - shares.reduce((sum, s) => sum + s.quota, 0);
  shares.sort((a, b) => b.remainder - a.remainder || b.n - a.n || compare(a.domain, b.domain));
  for (const share of shares) {
    if (left === 0) break;
    share.quota++;
    left--;
  }
  return new Map(shares.map((s) => [s.domain, s.quota]));
}

/** Water-filling: the smallest domains take all they have while that is under an equal split. */
function balanced(available: ReadonlyMap<string, number>, size: number): Map<string, number> {
  const domains = [...available].sort(([a, n], [b, m]) => n - m || compare(a, b));
  const quotas = new Map<string, number>();
  let left = size;
  for (let i = 0; i < domains.length; i++) {
    const [domain, n] = domains[i]!;
    const open = domains.length - i;
    if (n * open <= left) {
      quotas.set(domain, n);
      left -= n;
      continue;
    }
    // Every domain from here has more than an equal split: split evenly, the odd ones by name.
    const rest = domains.slice(i).map(([d]) => d).sort(compare);
    rest.forEach((d, j) => quotas.set(d, Math.floor(left / open) + (j < left % open ? 1 : 0)));
    break;
  }
  return new Map([...available.keys()].map((domain) => [domain, quotas.get(domain) ?? 0]));
}

/** The positions in `items` of a stratified sample of `size` (all of them when there are no more). */
export function sampleByDomain(
  items: readonly { id: string; domain: string }[],
  options: { size: number; strategy: SamplingStrategy; seed: number },
): { chosen: Set<number>; quotas: Map<string, number> } {
  const byDomain = new Map<string, number[]>();
  items.forEach((item, i) => {
    const positions = byDomain.get(item.domain);
    if (positions === undefined) byDomain.set(item.domain, [i]);
    else positions.push(i);
  });
  const available = new Map([...byDomain].map(([domain, positions]) => [domain, positions.length]));
  const quotas = allocateSample(available, options.size, options.strategy);
  const chosen = new Set<number>();
  for (const [domain, positions] of byDomain) {
    const keyed = positions.map((i) => ({ i, key: fnv1a(`${options.seed}:${items[i]!.id}`) }));
    keyed.sort((a, b) => a.key - b.key || compare(items[a.i]!.id, items[b.i]!.id) || a.i - b.i);
    for (const { i } of keyed.slice(0, quotas.get(domain))) chosen.add(i);
  }
  return { chosen, quotas };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
