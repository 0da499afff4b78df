/**
 * Finding a question's nearest entries in a memory, the way the strategy library is
 * searched: BM25 over the words and cosine over the project's hashing embedding, each
 * list's 50 best fused by reciprocal rank. Words find the entry about the same thing;
 * the embedding finds the one of the same form when no word is shared.
 *
 * Domain-aware: the search stays inside one domain, the caller's or else the one whose
 * centroid is nearest to the question, since a demonstration from another kind of
 * work teaches the wrong form of answer however many words it shares.
 *
 * @module
 */
import { centroid, type Embed } from "../../learning/embedding.ts";
import { Bm25Index } from "./bm25.ts";
import type { MemoryEntry } from "./memory_snapshot.ts";

/** Candidates each ranking contributes before fusion (as store/strategies.ts). */
const candidates = 50;
/** Reciprocal rank fusion's constant (Cormack et al. 2009): damps the top ranks' lead. */
const fusionK = 60;

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

export class MemoryIndex {
  readonly #bm25: Bm25Index;
  readonly #vectors: number[][];
  readonly #centroids: { domain: string; vector: number[] }[];

  constructor(readonly entries: readonly MemoryEntry[], private readonly embed: Embed) {
    this.#bm25 = new Bm25Index(entries.map((e) => e.input));
    this.#vectors = entries.map((e) => embed(e.input));
    const domains = [...new Set(entries.map((e) => e.domain))].sort();
    this.#centroids = domains.map((domain) => ({
      domain,
      vector: centroid(this.#vectors.filter((_, i) => entries[i]!.domain === domain))!,
    }));
  }

  /** The domain whose entries, on average, look most like `text`; undefined for an empty memory. */
  domainOf(text: string): string | undefined {
    const query = this.embed(text);
    let best: { domain: string; similarity: number } | undefined;
    for (const { domain, vector } of this.#centroids) {
      const similarity = dot(query, vector);
      if (!best || similarity > best.similarity) best = { domain, similarity };
    }
    return best?.domain;
  }

  /**
   * The `k` entries nearest to `query`, best first, within `domain` (default: the
   * inferred one; all entries when the domain has none). Ties go to the earlier entry.
   */
  search(query: string, k: number, domain = this.domainOf(query)): MemoryEntry[] {
    const inDomain = this.entries.flatMap((e, i) => (e.domain === domain ? [i] : []));
    const scope = inDomain.length ? inDomain : this.entries.map((_, i) => i);
    const bm25 = this.#bm25.scores(query);
    const vector = this.embed(query);
    const cosine = new Map(scope.map((i) => [i, dot(vector, this.#vectors[i]!)]));
    const ranked = (score: (i: number) => number, pool: number[]) =>
      [...pool].sort((a, b) => score(b) - score(a) || a - b).slice(0, candidates);
    const lists = [
      ranked((i) => bm25[i]!, scope.filter((i) => bm25[i]! > 0)),
      ranked((i) => cosine.get(i)!, scope),
    ];
    const fused = new Map<number, number>();
    for (const list of lists) {
      list.forEach((i, rank) => fused.set(i, (fused.get(i) ?? 0) + 1 / (fusionK + rank + 1)));
    }
    return [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k).map(([i]) => this.entries[i]!);
  }
}
