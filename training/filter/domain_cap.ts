/**
 * The diversity cap: how many examples each domain may hold so that none is more than
 * `maxShare` of the dataset. The total depends on what the cap removes, so the limits
 * are found by iterating from "keep everything" down to the first fixed point, which is
 * the largest dataset that meets the cap. Kept examples (already in the dataset) are
 * never removed, so a domain they already fill takes no new ones.
 *
 * @module
 */

/** A domain's examples: already in the dataset, and new ones that could join. */
export interface DomainCount {
  kept: number;
  candidates: number;
}

export interface DomainCaps {
  /** Per domain, how many of its candidates may join. */
  newAllowed: Map<string, number>;
  /** The share applied: `maxShare`, or 1 / (domains present) when that is larger. */
  share: number;
  /** The dataset's size once capped (kept included). */
  total: number;
}

/**
 * The limits for `maxShare` in (0, 1]. A share below 1 / D (D the domains present) can
 * be met only by an empty dataset, so it is raised to 1 / D: the most even mix there is.
 */
export function domainCaps(counts: ReadonlyMap<string, DomainCount>, maxShare: number): DomainCaps {
  const present = [...counts.values()].filter((c) => c.kept + c.candidates > 0).length;
  const share = Math.max(maxShare, present === 0 ? 1 : 1 / present);
  const held = new Map<string, number>();
  let total = [...counts.values()].reduce((sum, c) => sum + c.kept + c.candidates, 0);
  for (;;) {
    // The epsilon keeps 1/3 × 3 from flooring to 0 through rounding.
    const cap = Math.floor(share * total + 1e-9);
    let next = 0;
    for (const [domain, c] of counts) {
      const count = Math.max(c.kept, Math.min(c.kept + c.candidates, cap));
      held.set(domain, count);
      next += count;
    }
    // Each round's total is at most the last (a smaller total gives smaller caps), so this ends.
    if (next === total) break;
    total = next;
  }
  const newAllowed = new Map([...counts].map(([domain, c]) => [domain, held.get(domain)! - c.kept]));
  return { newAllowed, share, total };
}
