/**
 * The audit log: one row per transition of a job, a model version or an alias, with
 * who asked, when, from what, to what and why. Rows are only ever added, in the same
 * transaction as the change they record.
 *
 * @module
 */
import type { Database } from "./database.ts";
import type { WriteStep } from "./write.ts";

export type AuditedEntity = "job" | "model" | "alias";

export interface AuditEntry {
  entity: AuditedEntity;
  entityId: string;
  actor: string;
  at: number;
  from: string | null;
  to: string;
  reason: string;
  details?: Record<string, unknown>;
}

export class AuditLog {
  constructor(private readonly db: Database) {}

  record(entry: AuditEntry): WriteStep {
    return {
      sql: `INSERT INTO audit_log (entity, entity_id, actor, at, from_state, to_state, reason, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        entry.entity,
        entry.entityId,
        entry.actor,
        entry.at,
        entry.from,
        entry.to,
        entry.reason,
        entry.details === undefined ? null : JSON.stringify(entry.details),
      ],
    };
  }

  /** An entity's entries, oldest first. */
  async of(entity: AuditedEntity, entityId: string): Promise<(AuditEntry & { seq: number })[]> {
    const result = await this.db.read({
      sql: `SELECT seq, entity, entity_id, actor, at, from_state, to_state, reason, details
            FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY seq`,
      args: [entity, entityId],
    });
    return result.rows.map((r) => ({
      seq: Number(r.seq),
      entity: String(r.entity) as AuditedEntity,
      entityId: String(r.entity_id),
      actor: String(r.actor),
      at: Number(r.at),
      from: r.from_state === null ? null : String(r.from_state),
      to: String(r.to_state),
      reason: String(r.reason),
      ...(r.details !== null && { details: JSON.parse(String(r.details)) }),
    }));
  }
}
