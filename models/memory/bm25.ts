/**
 * Okapi BM25 over a fixed set of short documents, in memory. The store ranks
 * strategies with SQLite FTS5's bm25(); a memory snapshot is a file, not a table, so
 * this is the same ranking (the usual k1 = 1.2, b = 0.75) computed directly over the
 * entries' inputs. Words are the outcome model's: lower case, letters only, two or
 * more, so numbers and ids do not make two tasks look alike.
 *
 * @module
 */
import { words } from "../../learning/outcome/features.ts";

/** Term-frequency saturation. */
const k1 = 1.2;
/** Length normalisation. */
const b = 0.75;

export class Bm25Index {
  readonly #termCounts: Map<string, number>[];
  readonly #lengths: number[];
  readonly #documentFrequency = new Map<string, number>();
  readonly #averageLength: number;

  constructor(documents: readonly string[]) {
    this.#termCounts = documents.map((document) => {
      const counts = new Map<string, number>();
      for (const word of words(document)) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const word of counts.keys()) this.#documentFrequency.set(word, (this.#documentFrequency.get(word) ?? 0) + 1);
      return counts;
    });
    this.#lengths = this.#termCounts.map((counts) => [...counts.values()].reduce((sum, n) => sum + n, 0));
    this.#averageLength = this.#lengths.reduce((sum, n) => sum + n, 0) / (documents.length || 1) || 1;
  }

  /** Each document's relevance to `query`, higher is better, 0 when no word is shared. */
  scores(query: string): number[] {
    const n = this.#termCounts.length;
    const terms = [...new Set(words(query))].flatMap((term) => {
      const df = this.#documentFrequency.get(term);
      // Lucene's non-negative idf: a word in every document still counts a little, never against.
      return df === undefined ? [] : [{ term, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) }];
    });
    return this.#termCounts.map((counts, i) => {
      const norm = k1 * (1 - b + b * this.#lengths[i]! / this.#averageLength);
      let score = 0;
      for (const { term, idf } of terms) {
        const tf = counts.get(term) ?? 0;
        if (tf) score += idf * tf * (k1 + 1) / (tf + norm);
      }
      return score;
    });
  }
}
