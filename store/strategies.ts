/**
 * Strategies, the read side: what later agents retrieve, ranked for a query by BM25
 * over the `strategies_fts` index (title and description). Learning writes them.
 *
 * @module
 */
import type { Row } from "@libsql/client";
import type { Database } from "./database.ts";

/** A strategy as the API shows it; `score` is the BM25 relevance, null when not ranked. */
export interface Strategy {
  id: string;
  title: string;
  description: string;
  score: number | null;
  sourceTrajectories: string[];
}

/** A title match counts twice a description match: titles name what a strategy is for. */
const titleWeight = 2;
const descriptionWeight = 1;

export class Strategies {
  constructor(private readonly db: Database) {}

  /** The `k` strategies most relevant to `query`; nothing when it has no searchable word. */
  async search(query: string, k: number): Promise<Strategy[]> {
    const match = toMatchExpression(query);
    if (match === undefined) return [];
    const result = await this.db.read({
      sql: `SELECT s.id, s.title, s.description, s.source_trajectories,
                   bm25(strategies_fts, ${titleWeight}, ${descriptionWeight}) AS rank
            FROM strategies_fts JOIN strategies s ON s.rowid = strategies_fts.rowid
            WHERE strategies_fts MATCH ?
            ORDER BY rank LIMIT ?`,
      args: [match, k],
    });
    // SQLite's bm25() is lower-is-better (negative); the API says higher-is-better.
    return result.rows.map((row) => toStrategy(row, -Number(row.rank)));
  }

  /** The `k` newest strategies, for a caller with no query. */
  async newest(k: number): Promise<Strategy[]> {
    const result = await this.db.read({
      sql: `SELECT id, title, description, source_trajectories FROM strategies
            ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      args: [k],
    });
    return result.rows.map((row) => toStrategy(row, null));
  }
}

/**
 * Turns free text into an FTS5 expression matching any of its words. Each word is
 * quoted, so FTS5 operators and syntax in the text (`AND`, `*`, `"`, `:`, `^`) are
 * searched for as words, never interpreted.
 */
export function toMatchExpression(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  // The index folds case, so words differing only in case are one term.
  return words ? [...new Set(words.map((w) => w.toLowerCase()))].map((w) => `"${w}"`).join(" OR ") : undefined;
}

function toStrategy(row: Row, score: number | null): Strategy {
  return {
    id: String(row.id),
    title: String(row.title),
    description: String(row.description),
    score,
    sourceTrajectories: JSON.parse(String(row.source_trajectories)) as string[],
  };
}
