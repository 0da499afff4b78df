/**
 * Datasets, their versions, members and rejections. A member row spans the versions
 * `added_in <= seq < removed_in` and keeps the example as it was added, so a version
 * reads the same forever and an unchanged example costs no row per version.
 *
 * @module
 */
import type { Split } from "../training/datasets/split.ts";
import type { DatasetRecord, DatasetVersion, Member } from "../training/dataset_version.ts";
import type { TrainingExample } from "../training/example.ts";
import type { Rejection } from "../training/filter/filter.ts";
import { bulkInsert, type Row } from "./bulk_insert.ts";
import type { Database } from "./database.ts";
import { steps, type WriteStep } from "./write.ts";

/** Rows per bulk statement: one JSON parameter of bounded size. */
const chunkSize = 2_000;

export interface NewVersion {
  dataset: DatasetRecord;
  version: DatasetVersion;
  added: readonly Member[];
  removed: readonly string[];
  rejections: readonly Rejection[];
}

export class Datasets {
  constructor(private readonly db: Database) {}

  async get(name: string): Promise<DatasetRecord | undefined> {
    const result = await this.db.read({ sql: "SELECT * FROM datasets WHERE name = ?", args: [name] });
    const r = result.rows[0];
    return r && {
      name: String(r.name),
      description: r.description === null ? null : String(r.description),
      filter: JSON.parse(String(r.filter)),
      split: JSON.parse(String(r.split)),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    };
  }

  /** Every dataset with its newest version, by name. */
  async list(): Promise<{ dataset: DatasetRecord; latest: DatasetVersion | undefined }[]> {
    const result = await this.db.read("SELECT name FROM datasets ORDER BY name");
    return await Promise.all(result.rows.map(async (r) => {
      const name = String(r.name);
      return { dataset: (await this.get(name))!, latest: await this.latest(name) };
    }));
  }

  async latest(name: string): Promise<DatasetVersion | undefined> {
    const result = await this.db.read({
      sql: "SELECT body FROM dataset_versions WHERE dataset = ? ORDER BY seq DESC LIMIT 1",
      args: [name],
    });
    const r = result.rows[0];
    return r && JSON.parse(String(r.body));
  }

  async version(name: string, version: string): Promise<DatasetVersion | undefined> {
    const result = await this.db.read({
      sql: "SELECT body FROM dataset_versions WHERE dataset = ? AND version = ?",
      args: [name, version],
    });
    const r = result.rows[0];
    return r && JSON.parse(String(r.body));
  }

  /** Versions of a dataset, oldest first, without their statistics. */
  async versions(
    name: string,
  ): Promise<Pick<DatasetVersion, "version" | "parent" | "change" | "contentHash" | "counts" | "createdAt">[]> {
    const result = await this.db.read({
      sql: "SELECT body FROM dataset_versions WHERE dataset = ? ORDER BY seq",
      args: [name],
    });
    return result.rows.map((r) => {
      const v = JSON.parse(String(r.body)) as DatasetVersion;
      return {
        version: v.version,
        parent: v.parent,
        change: v.change,
        contentHash: v.contentHash,
        counts: v.counts,
        createdAt: v.createdAt,
      };
    });
  }

  /** Every member of the version numbered `seq`. */
  async members(name: string, seq: number): Promise<Member[]> {
    const result = await this.db.read({
      sql: `SELECT example_id, split, example_hash, body FROM dataset_members
            WHERE dataset = ? AND added_in <= ? AND (removed_in IS NULL OR removed_in > ?)`,
      args: [name, seq, seq],
    });
    return result.rows.map((r) => ({
      example: JSON.parse(String(r.body)) as TrainingExample,
      split: String(r.split) as Split,
      hash: String(r.example_hash),
    }));
  }

  /** A page of a version's members in id order, each example with its split. */
  async memberPage(
    name: string,
    seq: number,
    query: { split?: Split; limit: number; after?: string },
  ): Promise<(TrainingExample & { split: Split })[]> {
    const result = await this.db.read({
      sql: `SELECT split, body FROM dataset_members
            WHERE dataset = ? AND added_in <= ? AND (removed_in IS NULL OR removed_in > ?)
              ${query.split ? "AND split = ?" : ""} ${query.after ? "AND example_id > ?" : ""}
            ORDER BY example_id LIMIT ?`,
      args: [
        name,
        seq,
        seq,
        ...(query.split ? [query.split] : []),
        ...(query.after ? [query.after] : []),
        query.limit,
      ],
    });
    return result.rows.map((r) => ({ ...JSON.parse(String(r.body)), split: String(r.split) as Split }));
  }

  /**
   * The members of a version in export order (split, task, id), one page at a time,
   * of one split or all.
   */
  async *exportRows(
    name: string,
    seq: number,
    split?: Split,
  ): AsyncGenerator<{ example: TrainingExample; split: Split }> {
    let after: [string, string, string] | undefined;
    while (true) {
      const result = await this.db.read({
        sql: `SELECT example_id, split, task_key, body FROM dataset_members
              WHERE dataset = ? AND added_in <= ? AND (removed_in IS NULL OR removed_in > ?)
                ${split ? "AND split = ?" : ""} ${after ? "AND (split, task_key, example_id) > (?, ?, ?)" : ""}
              ORDER BY split, task_key, example_id LIMIT ?`,
        args: [name, seq, seq, ...(split ? [split] : []), ...(after ?? []), 500],
      });
      for (const r of result.rows) {
        yield { example: JSON.parse(String(r.body)), split: String(r.split) as Split };
      }
      if (result.rows.length < 500) return;
      const last = result.rows.at(-1)!;
      after = [String(last.split), String(last.task_key), String(last.example_id)];
    }
  }

  /** A page of a version's rejections, by example id. */
  async rejections(
    name: string,
    seq: number,
    query: { reason?: string; limit: number; after?: string },
  ): Promise<Rejection[]> {
    const result = await this.db.read({
      sql: `SELECT example_id, reason, detail FROM dataset_rejections WHERE dataset = ? AND version_seq = ?
            ${query.reason ? "AND reason = ?" : ""} ${query.after ? "AND example_id > ?" : ""}
            ORDER BY example_id LIMIT ?`,
      args: [name, seq, ...(query.reason ? [query.reason] : []), ...(query.after ? [query.after] : []), query.limit],
    });
    return result.rows.map((r) => ({
      exampleId: String(r.example_id),
      reason: String(r.reason) as Rejection["reason"],
      detail: String(r.detail),
    }));
  }

  /** Versions by dataset, for the stats. */
  async counts(): Promise<{ datasets: number; versions: number }> {
    const result = await this.db.read(
      "SELECT (SELECT count(*) FROM datasets) AS datasets, (SELECT count(*) FROM dataset_versions) AS versions",
    );
    const r = result.rows[0]!;
    return { datasets: Number(r.datasets), versions: Number(r.versions) };
  }

  /**
   * The write of a new version: the dataset's configuration, the version, its added
   * and removed members and its rejections, in one transaction. A version number taken
   * meanwhile (another process) fails the write on the primary key.
   */
  write(next: NewVersion, at: number): WriteStep[] {
    const { dataset, version } = next;
    const seq = version.seq;
    return steps(
      {
        sql: `INSERT INTO datasets (name, description, filter, split, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT (name) DO UPDATE SET description = excluded.description, filter = excluded.filter,
                updated_at = excluded.updated_at`,
        args: [
          dataset.name,
          dataset.description,
          JSON.stringify(dataset.filter),
          JSON.stringify(dataset.split),
          dataset.createdAt,
          at,
        ],
      },
      {
        sql: `INSERT INTO dataset_versions
                (dataset, version, seq, parent, change, schema_version, filter_hash, watermark, content_hash, body,
                 created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          dataset.name,
          version.version,
          seq,
          version.parent,
          version.change,
          version.schemaVersion,
          version.filterHash,
          version.watermark,
          version.contentHash,
          JSON.stringify(version),
          version.createdAt,
        ],
      },
      ...chunks(next.removed.map((id): Row => [id])).map((rows) => ({
        sql: `UPDATE dataset_members SET removed_in = ?
              WHERE dataset = ? AND removed_in IS NULL AND example_id IN (SELECT value->>0 FROM json_each(?))`,
        args: [seq, dataset.name, JSON.stringify(rows)],
      })),
      ...chunks(next.added.map((m): Row => [
        dataset.name,
        m.example.id,
        seq,
        m.split,
        m.example.taskKey,
        m.example.domain,
        m.hash,
        JSON.stringify(m.example),
      ])).map((rows) =>
        bulkInsert(
          `INSERT INTO dataset_members (dataset, example_id, added_in, split, task_key, domain, example_hash, body)`,
          rows,
        )
      ),
      ...chunks(next.rejections.map((r): Row => [dataset.name, seq, r.exampleId, r.reason, r.detail])).map((rows) =>
        bulkInsert("INSERT INTO dataset_rejections (dataset, version_seq, example_id, reason, detail)", rows)
      ),
    );
  }
}

function chunks(rows: readonly Row[]): Row[][] {
  const out: Row[][] = [];
  for (let i = 0; i < rows.length; i += chunkSize) out.push(rows.slice(i, i + chunkSize));
  return out;
}
