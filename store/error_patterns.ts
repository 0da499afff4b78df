/**
 * Error patterns, the read side: recurring failures clustered from trajectories,
 * with how often each was seen and a suggested fix. Learning writes them.
 *
 * @module
 */
import type { Database } from "./database.ts";

/** An error pattern as the API shows it. */
export interface ErrorPattern {
  name: string;
  signature: string;
  frequency: number;
  suggestedFix: string | null;
  /** Example occurrences, as learning stored them. */
  examples: unknown[];
}

export class ErrorPatterns {
  constructor(private readonly db: Database) {}

  /** The `limit` most frequent patterns, most frequent first. */
  async mostFrequent(limit: number): Promise<ErrorPattern[]> {
    const result = await this.db.read({
      sql: `SELECT name, signature, frequency, suggested_fix, examples FROM error_patterns
            ORDER BY frequency DESC, name LIMIT ?`,
      args: [limit],
    });
    return result.rows.map((row) => ({
      name: String(row.name),
      signature: String(row.signature),
      frequency: Number(row.frequency),
      suggestedFix: row.suggested_fix === null ? null : String(row.suggested_fix),
      examples: JSON.parse(String(row.examples)) as unknown[],
    }));
  }
}
