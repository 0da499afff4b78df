/**
 * Strategies: the library later agents retrieve. Ranked for a query by BM25 over
 * the `strategies_fts` index (title, when to use, plan, the tasks it solved); every
 * retrieval is counted, which is what pruning reads. Writes are idempotent per
 * trajectory: learning the same trajectory twice leaves the row as it was.
 *
 * @module
 */
import type { Row } from "@libsql/client";
import { centroid, type Embed } from "../learning/embedding.ts";
import type { PruneDecision, StrategyFacts } from "../learning/pruning.ts";
import { maxTasks, type Strategy } from "../learning/strategy.ts";
import type { Database } from "./database.ts";
import { toMatchExpression } from "./match_expression.ts";
import { countRecords, countSearch, pruneRecords, searchesByMinute } from "./memory_records.ts";
import type { WriteStep } from "./write.ts";

/** A strategy as the API shows it; `score` is the BM25 relevance, null when not ranked. */
export interface StrategyView {
  id: string;
  title: string;
  /** When to use it. */
  description: string;
  score: number | null;
  sourceTrajectories: string[];
  family: string | null;
  plan: string[];
  pitfalls: string[];
  /** How many trajectories showed it. */
  support: number;
  author: "model" | "rules";
  retrievals: number;
  createdAt: number;
  updatedAt: number;
  pruned?: { at: number; reason: string };
}

/** Source trajectories a strategy's row lists: the first and the newest (`strategy_sources` has them all). */
const maxSources = 50;
/** Title matches count twice: titles name what a strategy is for. */
const weights = "2, 1, 1, 1";
const viewColumns = `s.id, s.title, s.description, s.source_trajectories, s.family, s.plan, s.pitfalls, s.support,
  s.author, s.retrievals, s.created_at, s.updated_at, s.pruned_at, s.prune_reason`;

/** Candidates each ranking contributes before fusion. */
const candidates = 50;
/** Reciprocal rank fusion's constant (Cormack et al. 2009): damps the top ranks' lead. */
const fusionK = 60;

export class Strategies {
  /** `embed`, when given, adds vector search (libSQL vector columns) to BM25. */
  constructor(private readonly db: Database, private readonly embed?: Embed) {}

  /**
   * The `k` active strategies most relevant to `query`, counted as retrieved at `now`
   * (not counted with `now` null: someone looking in the console is no retrieval).
   * BM25 alone, or with an embedding function BM25 and cosine similarity fused by
   * reciprocal rank (each list's 50 best; the score is the fused one).
   */
  async search(query: string, k: number, now: number | null, family?: string): Promise<StrategyView[]> {
    const match = toMatchExpression(query);
    const filter = `s.pruned_at IS NULL ${family ? "AND s.family = ?" : ""}`;
    const scope = family ? [family] : [];
    const lists: string[][] = [];
    const bm25 = new Map<string, number>();
    if (match !== undefined) {
      const result = await this.db.read({
        sql: `SELECT s.id, bm25(strategies_fts, ${weights}) AS rank
              FROM strategies_fts JOIN strategies s ON s.rowid = strategies_fts.rowid
              WHERE strategies_fts MATCH ? AND ${filter} ORDER BY rank LIMIT ?`,
        args: [match, ...scope, this.embed ? candidates : k],
      });
      // SQLite's bm25() is lower-is-better (negative); the API says higher-is-better.
      for (const row of result.rows) bm25.set(String(row.id), -Number(row.rank));
      lists.push([...bm25.keys()]);
    }
    if (this.embed && (match !== undefined || query.trim())) {
      const result = await this.db.read({
        sql: `SELECT s.id FROM strategies s WHERE s.embedding IS NOT NULL AND ${filter}
              ORDER BY vector_distance_cos(s.embedding, vector32(?)) LIMIT ?`,
        args: [...scope, JSON.stringify(this.embed(query)), candidates],
      });
      lists.push(result.rows.map((row) => String(row.id)));
    }
    const scores = new Map<string, number>();
    if (this.embed) {
      for (const list of lists) {
        list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (fusionK + rank + 1)));
      }
    } else for (const [id, score] of bm25) scores.set(id, score);
    const ranked = [...scores].sort((a, b) => b[1] - a[1]).slice(0, k);
    const items = ranked.length ? await this.#views(ranked) : [];
    if (now !== null) await this.db.write(countSearch("strategies", items.map((s) => s.id), now));
    return items;
  }

  /** Searches per minute since `since`, and how many found a strategy. */
  searchesByMinute(since: number): ReturnType<typeof searchesByMinute> {
    return searchesByMinute(this.db, "strategies", since);
  }

  async #views(ranked: readonly [id: string, score: number][]): Promise<StrategyView[]> {
    const rows = await this.db.read({
      sql: `SELECT ${viewColumns} FROM strategies s WHERE s.id IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify(ranked.map(([id]) => id))],
    });
    const byId = new Map(rows.rows.map((row) => [String(row.id), row]));
    return ranked.map(([id, score]) => toView(byId.get(id)!, score));
  }

  /** The `k` newest active strategies, for a caller with no query. */
  async newest(k: number): Promise<StrategyView[]> {
    const result = await this.db.read({
      sql: `SELECT ${viewColumns} FROM strategies s WHERE s.pruned_at IS NULL
            ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`,
      args: [k],
    });
    return result.rows.map((row) => toView(row, null));
  }

  async get(id: string): Promise<StrategyView | undefined> {
    const result = await this.db.read({ sql: `SELECT ${viewColumns} FROM strategies s WHERE s.id = ?`, args: [id] });
    const row = result.rows[0];
    return row && toView(row, null);
  }

  /** The strategy with `id` (if any) and the `k` active ones nearest to `text`, as learning reads them. */
  async similar(id: string, text: string, k = 5): Promise<Strategy[]> {
    const match = toMatchExpression(text) ?? '""';
    const result = await this.db.read({
      sql: `SELECT * FROM strategies WHERE id = ?
            UNION ALL
            SELECT * FROM (SELECT s.* FROM strategies_fts JOIN strategies s ON s.rowid = strategies_fts.rowid
              WHERE strategies_fts MATCH ? AND s.pruned_at IS NULL AND s.id <> ?
              ORDER BY bm25(strategies_fts, ${weights}) LIMIT ?)`,
      args: [id, match, id, k],
    });
    return result.rows.map(toStrategy);
  }

  /** The strategies with these ids (pruned or not), as learning reads them: one query for a batch. */
  async byIds(ids: readonly string[]): Promise<Map<string, Strategy>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.read({
      sql: "SELECT * FROM strategies WHERE id IN (SELECT value FROM json_each(?))",
      args: [JSON.stringify([...new Set(ids)])],
    });
    return new Map(result.rows.map((row) => [String(row.id), toStrategy(row)]));
  }

  /** The active strategies, for pruning. */
  async active(): Promise<StrategyFacts[]> {
    const result = await this.db.read(
      `SELECT id, family, signature, support, retrievals, created_at, source_trajectories
       FROM strategies WHERE pruned_at IS NULL`,
    );
    return result.rows.map((row) => ({
      id: String(row.id),
      family: row.family === null ? null : String(row.family),
      signature: String(row.signature),
      support: Number(row.support),
      retrievals: Number(row.retrievals),
      createdAt: Number(row.created_at),
      sourceTrajectories: JSON.parse(String(row.source_trajectories)) as string[],
    }));
  }

  /**
   * Adds `strategy`; if its plan is already there (learned meanwhile), counts the
   * trajectory for that one instead. The count goes first: it finds no row when the
   * strategy is new.
   */
  create(strategy: Strategy, author: "model" | "rules", judgement: unknown, now: number): WriteStep[] {
    const vector = this.#vector(strategy.tasks);
    const source = strategy.sourceTrajectories[0]!;
    const [count, counted] = this.reinforce(strategy.id, source, now);
    return [
      count!,
      {
        sql: `INSERT INTO strategies (id, family, title, description, plan, pitfalls, tasks, signature,
                source_trajectories, support, author, judgement, created_at, updated_at, embedding)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ${vector ? "vector32(?)" : "NULL"})
              ON CONFLICT (id) DO NOTHING`,
        args: [
          strategy.id,
          strategy.family,
          strategy.title,
          strategy.whenToUse,
          JSON.stringify(strategy.plan),
          JSON.stringify(strategy.pitfalls),
          JSON.stringify(strategy.tasks),
          strategy.signature,
          JSON.stringify([source]),
          author,
          JSON.stringify(judgement),
          now,
          now,
          ...(vector ? [JSON.stringify(vector)] : []),
        ],
      },
      counted!,
    ];
  }

  /**
   * Counts one more trajectory for strategy `id`, unless it is counted already (the
   * `strategy_sources` index says, whatever the support). The row keeps the first
   * source and the newest, up to `maxSources`: a row's cost does not grow with its
   * support. The tasks it is matched by follow with `refresh`.
   */
  reinforce(id: string, trajectoryId: string, now: number): WriteStep[] {
    return [
      {
        sql: `UPDATE strategies SET
                source_trajectories = CASE WHEN json_array_length(source_trajectories) >= ${maxSources}
                  THEN json_insert(json_remove(source_trajectories, '$[1]'), '$[#]', ?1)
                  ELSE json_insert(source_trajectories, '$[#]', ?1) END,
                support = support + 1,
                updated_at = ?2
              WHERE id = ?3
                AND NOT EXISTS (SELECT 1 FROM strategy_sources WHERE strategy_id = ?3 AND trajectory_id = ?1)`,
        args: [trajectoryId, now, id],
      },
      {
        sql: "INSERT INTO strategy_sources (strategy_id, trajectory_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        args: [id, trajectoryId],
      },
    ];
  }

  /**
   * Sets the tasks a strategy is matched by (its newest, as learning has them) and,
   * with an embedding function, its vector. Once per strategy per learning batch,
   * however many trajectories reinforced it: each write re-indexes its text.
   */
  refresh(strategy: Strategy, now: number): WriteStep {
    const tasks = strategy.tasks.slice(-maxTasks);
    const vector = this.#vector(tasks);
    return {
      sql: `UPDATE strategies SET tasks = ?, updated_at = ?${vector ? ", embedding = vector32(?)" : ""} WHERE id = ?`,
      args: [JSON.stringify(tasks), now, ...(vector ? [JSON.stringify(vector)] : []), strategy.id],
    };
  }

  /**
   * A strategy's point in the vector space: the centroid of the tasks it solved, so
   * what they share (their form, their domain) outweighs each one's particulars.
   */
  #vector(tasks: readonly string[]): number[] | undefined {
    return this.embed && centroid(tasks.map(this.embed));
  }

  /** Takes strategies out of retrieval, keeping them with the reason. */
  prune(decisions: readonly PruneDecision[], now: number): WriteStep[] {
    return pruneRecords("strategies", decisions, now);
  }

  /** Pruned strategies, newest first, with their reasons. */
  async pruned(limit: number): Promise<StrategyView[]> {
    const result = await this.db.read({
      sql: `SELECT ${viewColumns} FROM strategies s WHERE s.pruned_at IS NOT NULL ORDER BY s.pruned_at DESC LIMIT ?`,
      args: [limit],
    });
    return result.rows.map((row) => toView(row, null));
  }

  counts(): Promise<{ active: number; pruned: number }> {
    return countRecords(this.db, "strategies");
  }
}

const json = <T>(value: unknown) => JSON.parse(String(value)) as T;

function toView(row: Row, score: number | null): StrategyView {
  return {
    id: String(row.id),
    title: String(row.title),
    description: String(row.description),
    score,
    sourceTrajectories: json<string[]>(row.source_trajectories),
    family: row.family === null ? null : String(row.family),
    plan: json<string[]>(row.plan),
    pitfalls: json<string[]>(row.pitfalls),
    support: Number(row.support),
    author: String(row.author) as "model" | "rules",
    retrievals: Number(row.retrievals),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.pruned_at !== null && { pruned: { at: Number(row.pruned_at), reason: String(row.prune_reason) } }),
  };
}

function toStrategy(row: Row): Strategy {
  return {
    id: String(row.id),
    family: row.family === null ? null : String(row.family),
    title: String(row.title),
    whenToUse: String(row.description),
    plan: json<string[]>(row.plan),
    pitfalls: json<string[]>(row.pitfalls),
    sourceTrajectories: json<string[]>(row.source_trajectories),
    tasks: json<string[]>(row.tasks),
    signature: String(row.signature),
  };
}
