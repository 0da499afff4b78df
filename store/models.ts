/**
 * Model versions: the registry's records (lineage, artifact, checksum, signature,
 * figures and the actor snapshot whose state is the stage), their validation
 * reports and the aliases that name them.
 *
 * @module
 */
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export type ModelKind = "policy" | "reward";

export interface ModelRecord {
  id: string;
  name: string;
  version: number;
  kind: ModelKind;
  stage: string;
  jobId: string | null;
  dataset: string | null;
  datasetVersion: string | null;
  baseModel: string;
  backend: string;
  /** The artifact directory, relative to the artifact root. */
  artifactDir: string;
  checksum: string;
  signature: unknown;
  metrics: Record<string, unknown>;
  snapshot: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface ValidationRecord {
  id: string;
  modelId: string;
  recommendation: string;
  report: unknown;
  createdAt: number;
}

export class Models {
  constructor(private readonly db: Database) {}

  insert(model: ModelRecord): WriteStep {
    return {
      sql: `INSERT INTO models (id, name, version, kind, stage, job_id, dataset, dataset_version, base_model, backend,
              artifact_dir, checksum, signature, metrics, snapshot, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        model.id,
        model.name,
        model.version,
        model.kind,
        model.stage,
        model.jobId,
        model.dataset,
        model.datasetVersion,
        model.baseModel,
        model.backend,
        model.artifactDir,
        model.checksum,
        model.signature === null ? null : JSON.stringify(model.signature),
        JSON.stringify(model.metrics),
        JSON.stringify(model.snapshot),
        model.createdAt,
        model.updatedAt,
      ],
    };
  }

  /** A new stage, snapshot or signature. */
  update(model: Pick<ModelRecord, "id" | "stage" | "snapshot" | "signature" | "updatedAt">): WriteStep {
    return {
      sql: `UPDATE models SET stage = ?, snapshot = ?, signature = ?, updated_at = ? WHERE id = ?`,
      args: [
        model.stage,
        JSON.stringify(model.snapshot),
        model.signature === null ? null : JSON.stringify(model.signature),
        model.updatedAt,
        model.id,
      ],
    };
  }

  async get(id: string): Promise<ModelRecord | undefined> {
    const result = await this.db.read({ sql: `SELECT * FROM models WHERE id = ?`, args: [id] });
    return result.rows[0] && modelOf(result.rows[0]);
  }

  async byJob(jobId: string): Promise<ModelRecord | undefined> {
    const result = await this.db.read({ sql: `SELECT * FROM models WHERE job_id = ?`, args: [jobId] });
    return result.rows[0] && modelOf(result.rows[0]);
  }

  /** Newest first, filtered by stage, name or kind. */
  async list(query: { stage?: string; name?: string; kind?: string; limit: number }): Promise<ModelRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    for (const [column, value] of [["stage", query.stage], ["name", query.name], ["kind", query.kind]] as const) {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        args.push(value);
      }
    }
    const result = await this.db.read({
      sql: `SELECT * FROM models ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
            ORDER BY created_at DESC, id DESC LIMIT ?`,
      args: [...args, query.limit],
    });
    return result.rows.map(modelOf);
  }

  /** The version number the next model of `name` gets. */
  async nextVersion(name: string): Promise<number> {
    const result = await this.db.read({
      sql: `SELECT coalesce(max(version), 0) + 1 AS v FROM models WHERE name = ?`,
      args: [name],
    });
    return Number(result.rows[0]!.v);
  }

  async countByStage(): Promise<Record<string, number>> {
    const result = await this.db.read(`SELECT stage, count(*) AS n FROM models GROUP BY stage`);
    return Object.fromEntries(result.rows.map((r) => [String(r.stage), Number(r.n)]));
  }

  addValidation(validation: ValidationRecord): WriteStep {
    return {
      sql: `INSERT INTO model_validations (id, model_id, recommendation, report, created_at) VALUES (?, ?, ?, ?, ?)`,
      args: [
        validation.id,
        validation.modelId,
        validation.recommendation,
        JSON.stringify(validation.report),
        validation.createdAt,
      ],
    };
  }

  /** A model's validation reports, newest first. */
  async validations(modelId: string): Promise<ValidationRecord[]> {
    const result = await this.db.read({
      sql: `SELECT * FROM model_validations WHERE model_id = ? ORDER BY created_at DESC, id DESC`,
      args: [modelId],
    });
    return result.rows.map((r) => ({
      id: String(r.id),
      modelId: String(r.model_id),
      recommendation: String(r.recommendation),
      report: JSON.parse(String(r.report)),
      createdAt: Number(r.created_at),
    }));
  }

  setAlias(alias: string, modelId: string, by: string, now: number): WriteStep {
    return {
      sql: `INSERT INTO model_aliases (alias, model_id, updated_at, updated_by) VALUES (?, ?, ?, ?)
            ON CONFLICT (alias) DO UPDATE SET model_id = excluded.model_id, updated_at = excluded.updated_at,
              updated_by = excluded.updated_by`,
      args: [alias, modelId, now, by],
    };
  }

  async alias(alias: string): Promise<string | undefined> {
    const result = await this.db.read({ sql: `SELECT model_id FROM model_aliases WHERE alias = ?`, args: [alias] });
    return result.rows[0] && String(result.rows[0].model_id);
  }

  /** Every alias, or those naming one model. */
  async aliases(modelId?: string): Promise<{ alias: string; modelId: string; updatedAt: number; updatedBy: string }[]> {
    const result = await this.db.read({
      sql: `SELECT * FROM model_aliases ${modelId ? "WHERE model_id = ?" : ""} ORDER BY alias`,
      args: modelId ? [modelId] : [],
    });
    return result.rows.map((r) => ({
      alias: String(r.alias),
      modelId: String(r.model_id),
      updatedAt: Number(r.updated_at),
      updatedBy: String(r.updated_by),
    }));
  }
}

function modelOf(r: Record<string, unknown>): ModelRecord {
  const text = (v: unknown) => (v === null ? null : String(v));
  return {
    id: String(r.id),
    name: String(r.name),
    version: Number(r.version),
    kind: String(r.kind) as ModelKind,
    stage: String(r.stage),
    jobId: text(r.job_id),
    dataset: text(r.dataset),
    datasetVersion: text(r.dataset_version),
    baseModel: String(r.base_model),
    backend: String(r.backend),
    artifactDir: String(r.artifact_dir),
    checksum: String(r.checksum),
    signature: r.signature === null ? null : JSON.parse(String(r.signature)),
    metrics: JSON.parse(String(r.metrics)),
    snapshot: JSON.parse(String(r.snapshot)),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
