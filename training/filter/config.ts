/**
 * `FilterConfig`: which training examples make it into a dataset, validated once.
 * Every part may be left out and takes its defaults; an unknown key is an error, so a
 * misspelt option fails loudly instead of silently filtering with the default.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";

const seed = z.number().int();

const anomalySchema = z.strictObject({
  /** Whether the Isolation Forest stage runs. @default true */
  enabled: z.boolean().default(true),
  /**
   * Score at or above which an example is an anomaly, in (0, 1); 0.5 is an average
   * example. Calibrated on the 1,000 ReAct FEVER and WebShop runs (calibration_test.ts):
   * after the default quality filter it flags 0.2–0.8% of the real examples over six
   * seeds (their highest score 0.652–0.674) and every planted piece of garbage (an
   * empty output, 20,000 repeated characters, a one-token input with a huge output:
   * 0.70–0.79). @default 0.65
   */
  threshold: z.number().gt(0).lt(1).default(0.65),
  /** Isolation trees. @default 100 */
  trees: z.number().int().min(1).default(100),
  /** Examples per tree (ψ); the paper finds 256 enough for most data. @default 256 */
  sampleSize: z.number().int().min(2).default(256),
  /** @default 42 */
  seed: seed.default(42),
  /**
   * Below this many examples (candidates left plus kept) the stage is skipped, and the
   * stats say so: a forest on a handful of points calls everything odd. @default 64
   */
  minExamples: z.number().int().min(2).default(64),
});

const nearDuplicatesSchema = z.strictObject({
  /** Whether near-duplicates are removed. @default true */
  enabled: z.boolean().default(true),
  /** Estimated Jaccard of word shingles at or above which two examples are copies, in (0, 1]. @default 0.85 */
  threshold: z.number().gt(0).max(1).default(0.85),
  /** Words per shingle. @default 5 */
  shingleSize: z.number().int().min(1).default(5),
  /** MinHash signature length. @default 128 */
  permutations: z.number().int().min(1).default(128),
  /** LSH bands; must divide `permutations`. @default 32 */
  bands: z.number().int().min(1).default(32),
  /** @default 42 */
  seed: seed.default(42),
}).refine((n) => n.permutations % n.bands === 0, {
  message: "bands must divide permutations",
  path: ["bands"],
});

const diversitySchema = z.strictObject({
  /**
   * The largest share of the dataset (accepted plus kept) one domain may hold, in
   * (0, 1]; 1 is no cap. A cap below 1 / (domains present) cannot be met by any
   * non-empty dataset, so it is raised to that. @default 1
   */
  maxDomainShare: z.number().gt(0).max(1).default(1),
});

const samplingSchema = z.strictObject({
  /** New examples to choose (kept ones do not count); absent keeps every accepted one. */
  size: z.number().int().positive().optional(),
  /**
   * `proportional`: each domain gets its share of the accepted examples;
   * `balanced`: the same number per domain, a small domain's leftover shared by the
   * others. @default "proportional"
   */
  strategy: z.enum(["proportional", "balanced"]).default("proportional"),
  /** Orders examples within a domain (a hash of seed and id). @default 42 */
  seed: seed.default(42),
});

export const filterConfigSchema = z.strictObject({
  /**
   * Secrets and personal data in an example: `redact` them with typed placeholders,
   * `drop` the example, or `keep` personal data (secrets are redacted whatever this
   * says). @default "redact"
   */
  privacy: z.enum(["redact", "drop", "keep"]).default("redact"),
  /** Least quality score (0–100) an example needs; the value itself passes. @default 70 */
  minQuality: z.number().min(0).max(100).default(70),
  /** Least confidence (0–1) in that score; the value itself passes. @default 0.6 */
  minConfidence: z.number().min(0).max(1).default(0.6),
  /** Outliers by an Isolation Forest over each example's features (see features.ts). */
  anomaly: anomalySchema.prefault({}),
  /** Copies and near-copies by MinHash over the input and output text. */
  nearDuplicates: nearDuplicatesSchema.prefault({}),
  /** A cap on how much of the dataset one domain may take. */
  diversity: diversitySchema.prefault({}),
  /** Stratified sampling of what is left, by domain. */
  sampling: samplingSchema.prefault({}),
});

export type FilterConfig = z.infer<typeof filterConfigSchema>;

/** Every default: what a filter without options runs. */
export const defaultFilterConfig: FilterConfig = filterConfigSchema.parse({});

/** A validated configuration, defaults filled in, from plain data; or E7100 listing every problem. */
export function parseFilterConfig(input: unknown): FilterConfig {
  const parsed = filterConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`);
  throw new AtlasError("E7100", `invalid filter configuration: ${issues.join("; ")}`, { details: issues });
}
