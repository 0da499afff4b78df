/**
 * Training examples, one row per join key, and the ordered log of their changes that
 * a dataset's next patch version reads from its watermark on.
 *
 * @module
 */
import type { InValue } from "@libsql/client";
import type { TrainingExample } from "../training/example.ts";
import { bulkInsert } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import { steps, type WriteStep } from "./write.ts";

export interface ExampleQuery {
  domain?: string;
  source?: string;
  minQuality?: number;
  taskKey?: string;
  limit: number;
  /** The last id of the previous page. */
  after?: string;
}

export class TrainingExamples {
  constructor(private readonly db: Database) {}

  /** Stores new or changed examples (with their content hashes) and logs each change. */
  upsert(examples: readonly { example: TrainingExample; hash: string }[], at: number): WriteStep[] {
    return steps(
      bulkInsert(
        `INSERT INTO training_examples
           (id, source, task_key, domain, quality_score, confidence, hash, body, extracted_at)`,
        examples.map(({ example: e, hash }) => [
          e.id,
          e.source,
          e.taskKey,
          e.domain,
          e.qualityScore,
          e.confidence,
          hash,
          JSON.stringify(e),
          e.extractedAt,
        ]),
        `ON CONFLICT (id) DO UPDATE SET source = excluded.source, task_key = excluded.task_key,
           domain = excluded.domain, quality_score = excluded.quality_score, confidence = excluded.confidence,
           hash = excluded.hash, body = excluded.body, extracted_at = excluded.extracted_at`,
      ),
      bulkInsert(
        "INSERT INTO training_example_changes (example_id, at)",
        examples.map(({ example }) => [example.id, at]),
      ),
    );
  }

  /** The stored content hash of each of `ids` that exists. */
  async hashes(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.read({
      sql: "SELECT e.id, e.hash FROM json_each(?) j JOIN training_examples e ON e.id = j.value",
      args: [JSON.stringify(ids)],
    });
    return new Map(result.rows.map((r) => [String(r.id), String(r.hash)]));
  }

  async get(id: string): Promise<TrainingExample | undefined> {
    const result = await this.db.read({ sql: "SELECT body FROM training_examples WHERE id = ?", args: [id] });
    const row = result.rows[0];
    return row && JSON.parse(String(row.body));
  }

  /** A page, in id order. */
  async list(query: ExampleQuery): Promise<TrainingExample[]> {
    const where: string[] = [];
    const args: InValue[] = [];
    if (query.domain) where.push("domain = ?"), args.push(query.domain);
    if (query.source) where.push("source = ?"), args.push(query.source);
    if (query.taskKey) where.push("task_key = ?"), args.push(query.taskKey);
    if (query.minQuality !== undefined) where.push("quality_score >= ?"), args.push(query.minQuality);
    if (query.after) where.push("id > ?"), args.push(query.after);
    const result = await this.db.read({
      sql: `SELECT body FROM training_examples ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
            ORDER BY id LIMIT ?`,
      args: [...args, query.limit],
    });
    return result.rows.map((r) => JSON.parse(String(r.body)));
  }

  /** Every example, one page at a time, in id order. */
  async *all(pageSize = 2_000): AsyncGenerator<TrainingExample> {
    let after: string | undefined;
    while (true) {
      const page = await this.list({ limit: pageSize, ...(after !== undefined && { after }) });
      yield* page;
      if (page.length < pageSize) return;
      after = page.at(-1)!.id;
    }
  }

  /** The examples that changed after `watermark`, and the newest change seen. */
  async changedSince(watermark: number): Promise<{ examples: TrainingExample[]; watermark: number }> {
    const result = await this.db.read({
      sql: `SELECT e.body, c.last FROM (SELECT example_id, max(seq) AS last FROM training_example_changes
              WHERE seq > ? GROUP BY example_id) c JOIN training_examples e ON e.id = c.example_id
            ORDER BY e.id`,
      args: [watermark],
    });
    const last = result.rows.reduce((max, r) => Math.max(max, Number(r.last)), watermark);
    return { examples: result.rows.map((r) => JSON.parse(String(r.body))), watermark: last };
  }

  /** The newest change's number (0 when there is none). */
  async watermark(): Promise<number> {
    const result = await this.db.read("SELECT coalesce(max(seq), 0) AS seq FROM training_example_changes");
    return Number(result.rows[0]!.seq);
  }

  /** How many examples, by domain and by source. */
  async counts(): Promise<{ total: number; byDomain: Record<string, number>; bySource: Record<string, number> }> {
    const result = await this.db.read(
      "SELECT domain, source, count(*) AS n FROM training_examples GROUP BY domain, source",
    );
    const byDomain: Record<string, number> = {};
    const bySource: Record<string, number> = {};
    let total = 0;
    for (const r of result.rows) {
      const n = Number(r.n);
      total += n;
      byDomain[String(r.domain)] = (byDomain[String(r.domain)] ?? 0) + n;
      bySource[String(r.source)] = (bySource[String(r.source)] ?? 0) + n;
    }
    return { total, byDomain, bySource };
  }
}
