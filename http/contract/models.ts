/**
 * The wire contract of `/v1/models`: the registry's versions, their validation
 * reports, stage transitions and aliases.
 *
 * @module
 */
import { z } from "zod";
import { targetStages } from "../../models/registry.ts";
import { count, epochMs, itemsOf, opaque } from "./common.ts";

const by = z.string().min(1).max(200).default("api");

export const modelListQuery = z.object({
  stage: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  kind: z.enum(["policy", "reward"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const transitionBody = z.strictObject({
  to: z.enum(targetStages),
  reason: z.string().max(2_000).default(""),
  approvedBy: z.string().min(1).max(200).optional(),
  by,
});

export const aliasBody = z.strictObject({ modelId: z.string().min(1), by });

export const validateBody = z.strictObject({
  thresholds: z.record(z.string(), z.unknown()).optional(),
  pinned: z.array(z.strictObject({
    id: z.string().min(1),
    input: z.string(),
    expected: z.string(),
    domain: z.string().min(1).default("general"),
    minScore: z.number().min(0).max(1).optional(),
  })).max(1_000).optional(),
  endpoint: z.strictObject({
    url: z.url(),
    format: z.enum(["chat-completions", "anthropic"]),
    model: z.string().min(1),
  }).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  by,
});

export const modelSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  kind: z.enum(["policy", "reward"]),
  stage: z.string(),
  jobId: z.string().nullable(),
  dataset: z.string().nullable(),
  datasetVersion: z.string().nullable(),
  baseModel: z.string(),
  backend: z.string(),
  artifactDir: z.string(),
  checksum: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: epochMs,
  updatedAt: epochMs,
  signature: z.object({ algorithm: z.string(), keyId: z.string() }).nullable(),
});

export const modelList = itemsOf(modelSummary);

export const validationReport = z.object({
  id: z.string(),
  modelId: z.string(),
  candidate: z.string(),
  reference: z.string(),
  referenceKind: z.enum(["production", "baseline"]),
  recommendation: z.enum(["DEPLOY", "REVIEW", "REJECT"]),
  reasons: z.array(z.string()),
  stages: opaque("array", "each stage (regression, benchmark, safety, domains, latency): passed, figures, errors"),
  cases: count,
  thresholds: opaque("object", "the thresholds the report was judged by"),
  startedAt: epochMs,
  finishedAt: epochMs,
});

const validationSummary = z.object({
  id: z.string(),
  modelId: z.string(),
  recommendation: z.string(),
  createdAt: epochMs,
});

export const modelDetail = modelSummary.extend({
  lineage: z.object({
    dataset: z.object({ name: z.string(), version: z.string().nullable() }).nullable(),
    job: z.string().nullable(),
    validations: z.array(z.string()),
  }),
  approval: opaque("object", "who approved production, when").nullable(),
  validation: validationSummary.extend({ report: opaque("object", "the latest validation report") }).nullable(),
  validations: z.array(validationSummary),
  aliases: z.array(z.string()),
  audit: z.array(z.object({
    seq: z.number().int(),
    entity: z.string(),
    entityId: z.string(),
    actor: z.string(),
    at: epochMs,
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string(),
    details: z.unknown().optional(),
  })),
});

export const alias = z.object({ alias: z.string(), modelId: z.string() });

export const aliasList = itemsOf(alias.extend({ updatedAt: epochMs, updatedBy: z.string() }));
