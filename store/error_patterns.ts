/**
 * Error patterns: every error a trajectory met (an occurrence), and the recurring
 * failures the batch clusters them into, with a signature, how often each was seen
 * and a suggested fix. Searchable by BM25 like the other memories.
 *
 * @module
 */
import type { Row } from "@libsql/client";
import type { ErrorOccurrence, ErrorPatternDraft } from "../learning/errors/cluster.ts";
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import { toMatchExpression } from "./match_expression.ts";
import type { WriteStep } from "./write.ts";

/** An error pattern as the API shows it: the clustering's draft, as stored. */
export interface ErrorPattern extends Omit<ErrorPatternDraft, "templates"> {
  updatedAt: number;
  /** BM25 relevance, when searched. */
  score?: number;
}

const columns = `p.id, p.family, p.name, p.signature, p.frequency, p.distinct_trajectories, p.suggested_fix,
  p.fix_source, p.examples, p.updated_at`;

export class ErrorPatterns {
  constructor(private readonly db: Database) {}

  /** The `limit` most frequent patterns, most frequent first. */
  async mostFrequent(limit: number, family?: string): Promise<ErrorPattern[]> {
    const result = await this.db.read({
      sql: `SELECT ${columns} FROM error_patterns p ${family ? "WHERE p.family = ?" : ""}
            ORDER BY p.frequency DESC, p.name LIMIT ?`,
      args: family ? [family, limit] : [limit],
    });
    return result.rows.map((row) => toPattern(row));
  }

  /** The patterns most relevant to `query` (an error text, a task), by BM25. */
  async search(query: string, limit: number): Promise<ErrorPattern[]> {
    const match = toMatchExpression(query);
    if (match === undefined) return [];
    const result = await this.db.read({
      sql: `SELECT ${columns}, bm25(error_patterns_fts) AS rank
            FROM error_patterns_fts JOIN error_patterns p ON p.rowid = error_patterns_fts.rowid
            WHERE error_patterns_fts MATCH ? ORDER BY rank LIMIT ?`,
      args: [match, limit],
    });
    return result.rows.map((row) => toPattern(row, -Number(row.rank)));
  }

  /** The statements storing a trajectory's errors; a repeat changes nothing. */
  recordOccurrences(occurrences: readonly ErrorOccurrence[], now: number): WriteStep[] {
    const insert = bulkInsert(
      "INSERT INTO error_occurrences (trajectory_id, idx, family, text, template, action, recovery, at)",
      occurrences.map((
        o,
      ) => [o.trajectoryId, o.index, o.family, o.text, o.template, o.action ?? null, o.recovery ?? null, now]),
      "ON CONFLICT DO NOTHING",
    );
    return insert ? [insert] : [];
  }

  /** The newest `limit` occurrences, oldest first, for clustering: a batch's cost does not grow with the history. */
  async occurrences(limit: number): Promise<ErrorOccurrence[]> {
    const result = await this.db.read({
      sql: `SELECT * FROM (
              SELECT trajectory_id, idx, family, text, template, action, recovery, at FROM error_occurrences
              ORDER BY at DESC, trajectory_id DESC, idx DESC LIMIT ?
            ) ORDER BY at, trajectory_id, idx`,
      args: [limit],
    });
    return result.rows.map((row) => ({
      trajectoryId: String(row.trajectory_id),
      index: Number(row.idx),
      family: row.family === null ? null : String(row.family),
      text: String(row.text),
      template: String(row.template),
      recovery: row.recovery === null ? null : String(row.recovery),
      ...(row.action !== null && { action: String(row.action) }),
    }));
  }

  /** The statements replacing every pattern with a fresh clustering. */
  replace(patterns: readonly Omit<ErrorPatternDraft, "templates">[], now: number): WriteStep[] {
    const insert = bulkInsert(
      `INSERT INTO error_patterns (id, family, name, signature, frequency, distinct_trajectories, suggested_fix,
         fix_source, examples, updated_at)`,
      patterns.map((p) => [
        p.id,
        p.family,
        p.name,
        p.signature,
        p.frequency,
        p.distinctTrajectories,
        p.suggestedFix,
        p.fixSource,
        JSON.stringify(p.examples),
        now,
      ]),
    );
    return insert ? ["DELETE FROM error_patterns", insert] : ["DELETE FROM error_patterns"];
  }

  async count(): Promise<{ patterns: number; occurrences: number }> {
    const result = await this.db.read(
      "SELECT (SELECT count(*) FROM error_patterns) AS p, (SELECT count(*) FROM error_occurrences) AS o",
    );
    return { patterns: Number(result.rows[0]?.p ?? 0), occurrences: Number(result.rows[0]?.o ?? 0) };
  }
}

function toPattern(row: Row, score?: number): ErrorPattern {
  return {
    id: String(row.id),
    family: row.family === null ? null : String(row.family),
    name: String(row.name),
    signature: String(row.signature),
    frequency: Number(row.frequency),
    distinctTrajectories: Number(row.distinct_trajectories),
    suggestedFix: row.suggested_fix === null ? null : String(row.suggested_fix),
    fixSource: row.fix_source === null ? null : String(row.fix_source) as "trajectory" | "model",
    examples: JSON.parse(String(row.examples)),
    updatedAt: Number(row.updated_at),
    ...(score !== undefined && { score }),
  };
}
