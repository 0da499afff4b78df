/**
 * The concept library: code concepts (repeated code shapes with holes), named and
 * documented, ranked for a query by BM25 over name, signature, docs and template.
 * A concept found again merges into its row: more trajectories, a higher frequency.
 *
 * @module
 */
import type { Row } from "@libsql/client";
import { type Concept, countHoles } from "../learning/concepts/concept.ts";
import type { ConceptFacts, PruneDecision } from "../learning/pruning.ts";
import type { Database } from "./database.ts";
import { toMatchExpression } from "./match_expression.ts";
import { countRecords, countSearch, pruneRecords, searchesByMinute } from "./memory_records.ts";
import type { WriteStep } from "./write.ts";

/** A concept as the API shows it. */
export interface ConceptView extends Omit<Concept, "foundBy"> {
  author: Concept["foundBy"];
  score: number | null;
  retrievals: number;
  createdAt: number;
  updatedAt: number;
  pruned?: { at: number; reason: string };
}

const columns = `c.id, c.language, c.name, c.signature, c.docs, c.template, c.frequency, c.trajectories, c.examples,
  c.author, c.retrievals, c.created_at, c.updated_at, c.pruned_at, c.prune_reason`;

export class Concepts {
  constructor(private readonly db: Database) {}

  /**
   * The `k` active concepts most relevant to `query`, counted as retrieved at `now`;
   * with `now` null not counted (someone looking in the console is no retrieval).
   */
  async search(query: string, k: number, now: number | null): Promise<ConceptView[]> {
    const match = toMatchExpression(query);
    const result = match === undefined ? undefined : await this.db.read({
      sql: `SELECT ${columns}, bm25(concepts_fts, 2, 1, 1, 1) AS rank
            FROM concepts_fts JOIN concepts c ON c.rowid = concepts_fts.rowid
            WHERE concepts_fts MATCH ? AND c.pruned_at IS NULL ORDER BY rank LIMIT ?`,
      args: [match, k],
    });
    const items = (result?.rows ?? []).map((row) => toView(row, -Number(row.rank)));
    if (now !== null) await this.db.write(countSearch("concepts", items.map((c) => c.id), now));
    return items;
  }

  /** Searches per minute since `since`, and how many found a concept. */
  searchesByMinute(since: number): ReturnType<typeof searchesByMinute> {
    return searchesByMinute(this.db, "concepts", since);
  }

  /** The most frequent active concepts. */
  async top(k: number): Promise<ConceptView[]> {
    const result = await this.db.read({
      sql: `SELECT ${columns} FROM concepts c WHERE c.pruned_at IS NULL ORDER BY c.frequency DESC, c.id LIMIT ?`,
      args: [k],
    });
    return result.rows.map((row) => toView(row, null));
  }

  /** The `limit` concepts pruning took out, the latest first, with the reason. */
  async pruned(limit: number): Promise<ConceptView[]> {
    const result = await this.db.read({
      sql: `SELECT ${columns} FROM concepts c WHERE c.pruned_at IS NOT NULL ORDER BY c.pruned_at DESC, c.id LIMIT ?`,
      args: [limit],
    });
    return result.rows.map((row) => toView(row, null));
  }

  async get(id: string): Promise<ConceptView | undefined> {
    const result = await this.db.read({ sql: `SELECT ${columns} FROM concepts c WHERE c.id = ?`, args: [id] });
    const row = result.rows[0];
    return row && toView(row, null);
  }

  /** Adds concepts, or merges each into the row it already has: the larger evidence wins. */
  upsert(concepts: readonly Concept[], now: number): WriteStep[] {
    return concepts.map((c) => ({
      sql: `INSERT INTO concepts (id, language, name, signature, docs, template, frequency, trajectories, examples,
              author, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
              frequency = max(frequency, excluded.frequency),
              trajectories = CASE WHEN json_array_length(excluded.trajectories) > json_array_length(trajectories)
                                  THEN excluded.trajectories ELSE trajectories END,
              examples = excluded.examples,
              updated_at = excluded.updated_at`,
      args: [
        c.id,
        c.language,
        c.name,
        c.signature,
        c.docs,
        c.template,
        c.frequency,
        JSON.stringify(c.trajectories),
        JSON.stringify(c.examples),
        c.foundBy,
        now,
        now,
      ],
    }));
  }

  /** The active concepts, for pruning. */
  async active(): Promise<ConceptFacts[]> {
    const result = await this.db.read(
      "SELECT id, retrievals, created_at, trajectories FROM concepts WHERE pruned_at IS NULL",
    );
    return result.rows.map((row) => ({
      id: String(row.id),
      retrievals: Number(row.retrievals),
      createdAt: Number(row.created_at),
      trajectories: JSON.parse(String(row.trajectories)) as string[],
    }));
  }

  prune(decisions: readonly PruneDecision[], now: number): WriteStep[] {
    return pruneRecords("concepts", decisions, now);
  }

  counts(): Promise<{ active: number; pruned: number }> {
    return countRecords(this.db, "concepts");
  }
}

function toView(row: Row, score: number | null): ConceptView {
  const template = String(row.template);
  return {
    id: String(row.id),
    language: String(row.language) as Concept["language"],
    name: String(row.name),
    signature: String(row.signature),
    docs: String(row.docs),
    template,
    holes: countHoles(template),
    frequency: Number(row.frequency),
    trajectories: JSON.parse(String(row.trajectories)),
    examples: JSON.parse(String(row.examples)),
    author: String(row.author) as Concept["foundBy"],
    score,
    retrievals: Number(row.retrievals),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.pruned_at !== null && { pruned: { at: Number(row.pruned_at), reason: String(row.prune_reason) } }),
  };
}
