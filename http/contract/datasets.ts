/**
 * The wire contract of `/v1/datasets`: building a version, the datasets and their
 * versions, the filter's rejections, and the JSONL export in each trainer's format.
 *
 * @module
 */
import { z } from "zod";
import { rejectReasons } from "../../training/filter/filter.ts";
import { filterConfigSchema } from "../../training/filter/config.ts";
import { splitConfigSchema } from "../../training/datasets/split.ts";
import { anthropicLine } from "../../training/exports/anthropic.ts";
import { chatLine } from "../../training/exports/chat.ts";
import { preferenceLine } from "../../training/exports/preference.ts";
import { promptCompletionLine } from "../../training/exports/prompt_completion.ts";
import { soarLine } from "../../training/exports/soar.ts";
import { count, epochMs, itemsOf, opaque, pageAfter } from "./common.ts";

export const buildDatasetBody = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().max(2_000).optional(),
  filter: z.unknown().optional().meta({ description: "a filter configuration (E7100 when invalid)" }),
  split: z.unknown().optional().meta({ description: "train/val/test shares and seed (E7101 when invalid)" }),
});

export const exportQuery = z.object({
  format: z.string().default("chat").meta({ description: "chat, anthropic, prompt-completion, soar or preference" }),
  split: z.enum(["train", "val", "test"]).optional(),
  system: z.string().max(10_000).optional().meta({ description: "a system prompt for chat-like formats" }),
  minMargin: z.coerce.number().min(0).max(100).optional().meta({ description: "preference: quality lead of a pair" }),
});

export const rejectionQuery = z.object({
  reason: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  after: z.string().max(600).optional(),
});

export const versionCounts = z.object({
  total: count,
  train: count,
  val: count,
  test: count,
  added: count,
  removed: count,
});

export const datasetVersion = z.object({
  dataset: z.string(),
  version: z.string().meta({ description: "semantic: 1.0.0, then major, minor or patch" }),
  seq: z.number().int().min(1),
  parent: z.string().nullable(),
  change: z.enum(["initial", "major", "minor", "patch"]),
  reason: z.string(),
  schemaVersion: z.number().int(),
  filter: filterConfigSchema,
  filterHash: z.string(),
  split: splitConfigSchema,
  watermark: z.number().int(),
  contentHash: z.string().meta({ description: "SHA-256 over the members: equal exactly when the content is" }),
  counts: versionCounts,
  statistics: opaque("object", "per split (all, train, val, test): domains, scores, tokens, difficulty"),
  filtering: opaque("object", "candidates, accepted, rejections per reason and per domain"),
  lineage: z.object({
    parent: z.string().nullable(),
    sources: z.object({ upstream: count, trajectories: count, events: z.record(z.string(), count) }),
  }),
  createdAt: epochMs,
});

export const datasetBuilt = z.object({ created: z.boolean(), version: datasetVersion });

const dataset = z.object({
  name: z.string(),
  description: z.string().nullable(),
  filter: filterConfigSchema,
  split: splitConfigSchema,
  createdAt: epochMs,
  updatedAt: epochMs,
});

export const datasetList = itemsOf(dataset.extend({
  latest: z.object({ version: z.string(), contentHash: z.string(), counts: versionCounts, createdAt: epochMs })
    .optional().meta({ description: "the newest version; absent before the first" }),
}));

export const datasetDetail = dataset.extend({
  versions: z.array(datasetVersion.pick({
    version: true,
    parent: true,
    change: true,
    contentHash: true,
    counts: true,
    createdAt: true,
  })),
});

export const rejectionPage = pageAfter(z.object({
  exampleId: z.string(),
  reason: z.enum(rejectReasons),
  detail: z.string(),
}));

/** One line of an export, in the format asked for. */
export const exportLine = z.union([chatLine, anthropicLine, promptCompletionLine, soarLine, preferenceLine]);
