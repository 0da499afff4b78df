/**
 * How evenly a dataset spreads over domains: Shannon entropy of the domain mix, and
 * evenness (Pielou's J), the entropy over its maximum log₂ D, so 1 is a perfectly even
 * mix and 0 all in one domain whatever the number of domains.
 *
 * @module
 */

export interface Diversity {
  /** Domains with at least one example. */
  domains: number;
  /** Shannon entropy of the share per domain, in bits. */
  entropy: number;
  /** entropy / log₂(domains); 1 when there are at most one domain. */
  evenness: number;
}

/** The diversity of a dataset given each example's domain. */
export function domainDiversity(domains: Iterable<string>): Diversity {
  const counts = new Map<string, number>();
  let total = 0;
  for (const domain of domains) {
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
    total++;
  }
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / total) * Math.log2(count / total);
  // -0 from a single domain reads oddly in a report.
  entropy = Math.abs(entropy);
  return { domains: counts.size, entropy, evenness: counts.size <= 1 ? 1 : entropy / Math.log2(counts.size) };
}
