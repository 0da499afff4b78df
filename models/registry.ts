/**
 * The model registry: registers a job's artifact as a model version (moved into the
 * artifact store, manifested with SHA-256 checksums, signed when a key is
 * configured), moves versions between stages through their actor, names them with
 * aliases, and keeps every change in the audit log.
 *
 * Every transition verifies the artifact first (its files against the checksum
 * recorded at registration, and its signature): a promotion or release of an
 * artifact that fails is refused with that error (E7202, E7203); quarantine and
 * archive go ahead whatever the artifact looks like, since a tampered model is
 * exactly what one takes out of service. Loading a model (`load`) verifies too.
 *
 * @module
 */
import { createActor, type Snapshot } from "xstate";
import type { Clock } from "../clock.ts";
import { AtlasError, ensureError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { AuditEntry, AuditLog } from "../store/audit_log.ts";
import type { Database } from "../store/database.ts";
import type { ModelKind, ModelRecord, Models, ValidationRecord } from "../store/models.ts";
import type { WriteStep } from "../store/write.ts";
import {
  blockers,
  type ModelContext,
  type ModelEvent,
  modelMachine,
  type ModelStage,
  type Recommendation,
} from "../actors/model/machine.ts";
import { type ArtifactSignature, signatureFile, type Signer, verifyArtifact, writeManifest } from "./artifacts/mod.ts";
import { moveDir } from "./move_dir.ts";

export interface RegistryDeps {
  db: Database;
  models: Models;
  audit: AuditLog;
  signer: Signer;
  artifactDir: string;
  clock: Clock;
  log: Logger;
}

export interface Registration {
  /** The model's name; versions of one name number 1, 2, 3... */
  name: string;
  kind: ModelKind;
  baseModel: string;
  backend: string;
  jobId: string | null;
  dataset: { name: string; version: string; contentHash: string } | null;
  /** The artifact as the trainer left it; moved into the artifact store. */
  sourceDir: string;
  metrics: Record<string, unknown>;
  by: string;
}

/** The stages a transition request may name. */
export const targetStages = ["development", "staging", "production", "quarantined", "archived"] as const;
export type TargetStage = typeof targetStages[number];

export interface TransitionRequest {
  to: TargetStage;
  by: string;
  reason: string;
  /** Given with the request: an approval recorded before the transition (production needs one). */
  approvedBy?: string | undefined;
}

const aliasPattern = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

type ModelSnapshot = Snapshot<unknown> & { value: ModelStage; context: ModelContext };

export class ModelRegistry {
  constructor(private readonly deps: RegistryDeps) {}

  /** Registers an artifact as a new version in `development`; a job registers once (a repeat returns the first). */
  async register(registration: Registration): Promise<ModelRecord> {
    if (registration.jobId) {
      const existing = await this.deps.models.byJob(registration.jobId);
      if (existing) return existing;
    }
    const version = await this.deps.models.nextVersion(registration.name);
    const id = `${registration.name}-v${version}`;
    const artifactDir = id;
    const dir = this.#dir(artifactDir);
    await moveDir(registration.sourceDir, dir);
    const now = this.deps.clock.now();
    const manifest = await writeManifest(dir, {
      model: id,
      kind: registration.kind,
      baseModel: registration.baseModel,
      lineage: { dataset: registration.dataset, job: registration.jobId },
    });
    const signature = this.deps.signer.configured ? await this.deps.signer.sign(manifest.checksum) : null;
    if (signature) await Deno.writeTextFile(`${dir}/${signatureFile}`, JSON.stringify(signature, null, 2));
    const actor = createActor(modelMachine, { input: { id, now, ...(signature && { signedWith: signature.keyId }) } });
    actor.start();
    const record: ModelRecord = {
      id,
      name: registration.name,
      version,
      kind: registration.kind,
      stage: "development",
      jobId: registration.jobId,
      dataset: registration.dataset?.name ?? null,
      datasetVersion: registration.dataset?.version ?? null,
      baseModel: registration.baseModel,
      backend: registration.backend,
      artifactDir,
      checksum: manifest.checksum,
      signature,
      metrics: registration.metrics,
      snapshot: actor.getPersistedSnapshot(),
      createdAt: now,
      updatedAt: now,
    };
    actor.stop();
    await this.deps.db.write([
      this.deps.models.insert(record),
      this.#audit({
        entityId: id,
        actor: registration.by,
        from: null,
        to: "development",
        reason: registration.jobId ? `registered from job ${registration.jobId}` : "registered",
        details: { checksum: manifest.checksum, signed: signature !== null, files: manifest.files.length },
      }),
    ]);
    return record;
  }

  /** A model by id or alias; E7200 when neither names one. */
  async get(idOrAlias: string): Promise<ModelRecord> {
    const model = await this.deps.models.get(idOrAlias) ??
      await this.deps.models.alias(idOrAlias).then((id) => id === undefined ? undefined : this.deps.models.get(id));
    if (!model) throw new AtlasError("E7200", `no model or alias "${idOrAlias}"`);
    return model;
  }

  /** The artifact directory of a verified model: E7202 or E7203 when it was changed since registration. */
  async load(model: ModelRecord): Promise<string> {
    await this.verify(model);
    return this.#dir(model.artifactDir);
  }

  /** Checks the artifact's files against the registered checksum, and its signature when it has one. */
  async verify(model: ModelRecord): Promise<void> {
    await verifyArtifact(this.#dir(model.artifactDir), model.checksum);
    if (model.signature !== null) await this.deps.signer.verify(model.checksum, model.signature);
  }

  /** The current production version of `name`, if any. */
  async production(name: string): Promise<ModelRecord | undefined> {
    return (await this.deps.models.list({ name, stage: "production", limit: 1 }))[0];
  }

  /** Moves a model to another stage, or refuses: E7202/E7203 for its artifact, E7201 naming every unmet guard. */
  async transition(idOrAlias: string, request: TransitionRequest): Promise<ModelRecord> {
    const model = await this.get(idOrAlias);
    const now = this.deps.clock.now();
    const who = { now, by: request.by, reason: request.reason };
    const from = model.stage as ModelStage;
    const verification = await this.verify(model).then(() => undefined, (error) => ensureError(error));
    const movesUp = request.to === "staging" || request.to === "production" || request.to === "development";
    if (verification && movesUp) throw verification;

    const actor = this.#actor(model);
    const writes: WriteStep[] = [];
    let signature = model.signature as ArtifactSignature | null;
    if (request.approvedBy) {
      actor.send({ type: "APPROVE", ...who, by: request.approvedBy });
      writes.push(this.#audit({ entityId: model.id, actor: request.approvedBy, from, to: from, reason: "approved" }));
    }
    if (request.to === "production" && signature === null && this.deps.signer.configured) {
      signature = await this.deps.signer.sign(model.checksum);
      await Deno.writeTextFile(`${this.#dir(model.artifactDir)}/${signatureFile}`, JSON.stringify(signature, null, 2));
      actor.send({ type: "SIGNED", keyId: signature.keyId, ...who });
      writes.push(
        this.#audit({
          entityId: model.id,
          actor: request.by,
          from,
          to: from,
          reason: `signed with key ${signature.keyId}`,
        }),
      );
    }
    const event = eventFor(request, who, verification === undefined);
    const stateBefore = actor.getSnapshot();
    actor.send(event);
    const after = actor.getSnapshot() as unknown as ModelSnapshot;
    if (after.value === from && from !== request.to) {
      const reasons = blockers(from, (stateBefore as unknown as ModelSnapshot).context, event);
      actor.stop();
      throw new AtlasError("E7201", `${model.id} cannot go from ${from} to ${request.to}: ${reasons.join("; ")}`, {
        details: { from, to: request.to, blockers: reasons },
      });
    }
    if (after.value === from) {
      actor.stop();
      throw new AtlasError("E7201", `${model.id} is already ${from}`, { details: { from, to: request.to } });
    }
    const updated = { ...model, stage: after.value, snapshot: actor.getPersistedSnapshot(), signature, updatedAt: now };
    actor.stop();
    writes.push(
      this.deps.models.update(updated),
      this.#audit({
        entityId: model.id,
        actor: request.by,
        from,
        to: after.value,
        reason: request.reason,
        ...(verification && { details: { artifact: verification.toData() } }),
      }),
    );
    if (after.value === "production") writes.push(...await this.#archiveOtherProduction(updated, request.by, now));
    await this.deps.db.write(writes);
    return updated;
  }

  /** Records a validation report on the model and tells its actor. */
  async recordValidation(
    model: ModelRecord,
    validation: { id: string; recommendation: Recommendation; report: unknown; by: string },
  ): Promise<void> {
    const now = this.deps.clock.now();
    const actor = this.#actor(model);
    actor.send({
      type: "VALIDATED",
      validationId: validation.id,
      recommendation: validation.recommendation,
      now,
      by: validation.by,
      reason: "validated",
    });
    const record: ValidationRecord = {
      id: validation.id,
      modelId: model.id,
      recommendation: validation.recommendation,
      report: validation.report,
      createdAt: now,
    };
    await this.deps.db.write([
      this.deps.models.addValidation(record),
      this.deps.models.update({ ...model, snapshot: actor.getPersistedSnapshot(), updatedAt: now }),
      this.#audit({
        entityId: model.id,
        actor: validation.by,
        from: model.stage,
        to: model.stage,
        reason: `validation ${validation.id}: ${validation.recommendation}`,
      }),
    ]);
    actor.stop();
  }

  /** Points `alias` at a model (any name: champion, challenger...). */
  async setAlias(alias: string, idOrAlias: string, by: string): Promise<{ alias: string; modelId: string }> {
    if (!aliasPattern.test(alias)) {
      throw new AtlasError("E7205", `invalid alias "${alias}": letters, digits, '.', '_' and '-', up to 64`);
    }
    const model = await this.get(idOrAlias);
    if (await this.deps.models.get(alias)) {
      throw new AtlasError("E7205", `"${alias}" is a model id: an alias cannot shadow it`);
    }
    const previous = await this.deps.models.alias(alias);
    const now = this.deps.clock.now();
    await this.deps.db.write([
      this.deps.models.setAlias(alias, model.id, by, now),
      this.deps.audit.record({
        entity: "alias",
        entityId: alias,
        actor: by,
        at: now,
        from: previous ?? null,
        to: model.id,
        reason: previous ? `moved from ${previous}` : "created",
      }),
    ]);
    return { alias, modelId: model.id };
  }

  /** A model with its lineage, validations, aliases and audit log. */
  async describe(idOrAlias: string): Promise<Record<string, unknown>> {
    const model = await this.get(idOrAlias);
    const [validations, aliases, audit] = await Promise.all([
      this.deps.models.validations(model.id),
      this.deps.models.aliases(model.id),
      this.deps.audit.of("model", model.id),
    ]);
    const context = (model.snapshot as ModelSnapshot).context;
    return {
      ...summaryOf(model),
      lineage: {
        dataset: model.dataset && { name: model.dataset, version: model.datasetVersion },
        job: model.jobId,
        validations: validations.map((v) => v.id),
      },
      approval: context.approval,
      validation: validations[0] ?? null,
      validations: validations.map(({ report: _, ...v }) => v),
      aliases: aliases.map((a) => a.alias),
      audit,
    };
  }

  async list(query: { stage?: string; name?: string; kind?: string; limit: number }) {
    return (await this.deps.models.list(query)).map(summaryOf);
  }

  async aliases() {
    return await this.deps.models.aliases();
  }

  async counts(): Promise<Record<string, number>> {
    return await this.deps.models.countByStage();
  }

  async #archiveOtherProduction(promoted: ModelRecord, by: string, now: number): Promise<WriteStep[]> {
    const others = (await this.deps.models.list({ name: promoted.name, stage: "production", limit: 100 }))
      .filter((m) => m.id !== promoted.id);
    return others.flatMap((old) => {
      const actor = this.#actor(old);
      actor.send({ type: "ARCHIVE", now, by, reason: `superseded by ${promoted.id}` });
      const snapshot = actor.getPersistedSnapshot();
      actor.stop();
      return [
        this.deps.models.update({ ...old, stage: "archived", snapshot, updatedAt: now }),
        this.#audit({
          entityId: old.id,
          actor: by,
          from: "production",
          to: "archived",
          reason: `superseded by ${promoted.id}`,
        }),
      ];
    });
  }

  #actor(model: ModelRecord) {
    const actor = createActor(modelMachine, {
      input: undefined as never,
      snapshot: model.snapshot as Snapshot<unknown>,
    });
    actor.start();
    return actor;
  }

  #audit(entry: Omit<AuditEntry, "entity" | "at">): WriteStep {
    return this.deps.audit.record({ entity: "model", at: this.deps.clock.now(), ...entry });
  }

  #dir(artifactDir: string): string {
    return `${this.deps.artifactDir}/${artifactDir}`;
  }
}

/** The event a transition request sends. */
function eventFor(
  request: TransitionRequest,
  who: { now: number; by: string; reason: string },
  verified: boolean,
): ModelEvent {
  switch (request.to) {
    case "staging":
    case "production":
      return { type: "PROMOTE", to: request.to, verified, ...who };
    case "development":
      return { type: "RELEASE", verified, ...who };
    case "quarantined":
      return { type: "QUARANTINE", ...who };
    case "archived":
      return { type: "ARCHIVE", ...who };
  }
}

/** A model as lists show it: no snapshot, the signature reduced to its key. */
export function summaryOf(model: ModelRecord) {
  const { snapshot: _, signature, ...rest } = model;
  const s = signature as ArtifactSignature | null;
  return { ...rest, signature: s && { algorithm: s.algorithm, keyId: s.keyId } };
}
