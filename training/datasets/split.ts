/**
 * Train/validation/test splits: seeded, stratified (by domain, say), and stable
 * across versions. A member keeps its split for life; each version's additions are
 * placed so that every split holds within one example of its share, overall and in
 * each stratum, whenever any placement of them can. split_plan.ts says how, and why a
 * rare tiny version cannot: then the strata keep their bound, the overall counts miss
 * theirs by as little as possible, and later additions restore it.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import { fnv1a } from "../../learning/fnv1a.ts";
import { planAdditions } from "./split_plan.ts";

/** The splits, in the order plans and counts list them. */
export const splitNames = ["train", "val", "test"] as const;

export type Split = typeof splitNames[number];

/** Each split's share of the members (the three sum to 1) and the seed that orders additions. */
export const splitConfigSchema = z.strictObject({
  /** Share of members for training. @default 0.8 */
  train: z.number().min(0).max(1).default(0.8),
  /** Share held out for validation. @default 0.1 */
  val: z.number().min(0).max(1).default(0.1),
  /** Share held out for the final test. @default 0.1 */
  test: z.number().min(0).max(1).default(0.1),
  /** Orders the additions, so a different seed picks different members for each split. @default 42 */
  seed: z.number().int().default(42),
}).refine((c) => Math.abs(c.train + c.val + c.test - 1) <= 1e-9, { message: "train + val + test must be 1" });

export type SplitConfig = z.infer<typeof splitConfigSchema>;

/** 80/10/10 with seed 42. */
export const defaultSplitConfig: SplitConfig = splitConfigSchema.parse({});

/** A validated split configuration from plain data, or E7101 listing every problem. */
export function parseSplitConfig(input: unknown): SplitConfig {
  const parsed = splitConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
  throw new AtlasError("E7101", `invalid split configuration: ${problems.join("; ")}`, { details: problems });
}

/** Members per split. */
export type SplitCounts = Record<Split, number>;

/** How many members each split holds, overall and per stratum. */
export function splitCounts(
  members: Iterable<{ stratum: string; split: Split }>,
): { overall: SplitCounts; byStratum: Map<string, SplitCounts> } {
  const overall = emptyCounts();
  const byStratum = new Map<string, SplitCounts>();
  for (const { stratum, split } of members) {
    overall[split]++;
    let cell = byStratum.get(stratum);
    if (!cell) byStratum.set(stratum, cell = emptyCounts());
    cell[split]++;
  }
  return { overall, byStratum };
}

/**
 * The split of each addition. Existing members never move; an addition whose id is
 * already a member keeps that member's split. The result depends on the seed and the
 * set of additions, never on the order they are given in.
 *
 * @example
 * const placed = assignSplits(current, [{ id: "exec:42", stratum: "code" }], parseSplitConfig({}));
 * placed.get("exec:42"); // "train", "val" or "test"
 */
export function assignSplits(
  existing: readonly { id: string; stratum: string; split: Split }[],
  additions: readonly { id: string; stratum: string }[],
  config: SplitConfig,
): Map<string, Split> {
  const assigned = new Map<string, Split>();
  const known = new Map(existing.map((m) => [m.id, m.split]));
  const strataOf = new Map<string, string>();
  const arriving = new Map<string, string[]>();
  for (const { id, stratum } of additions) {
    const kept = known.get(id);
    if (kept !== undefined) {
      assigned.set(id, kept);
      continue;
    }
    const seen = strataOf.get(id);
    if (seen === stratum) continue;
    if (seen !== undefined) {
      // Either choice would make the result depend on the order of the additions.
      throw new AtlasError("E7102", `invalid dataset request: example ${id} added to strata ${seen} and ${stratum}`);
    }
    strataOf.set(id, stratum);
    const ids = arriving.get(stratum);
    if (ids) ids.push(id);
    else arriving.set(stratum, [id]);
  }

  const { byStratum } = splitCounts(existing);
  // Strata without additions still count toward the overall quotas.
  const strata = [...new Set([...byStratum.keys(), ...arriving.keys()])].sort();
  const ratios = splitNames.map((s) => config[s]);
  const plan = planAdditions(
    strata.map((s) => ({
      existing: splitNames.map((k) => byStratum.get(s)?.[k] ?? 0),
      additions: arriving.get(s)?.length ?? 0,
    })),
    ratios,
  );

  // Within a stratum the additions are interchangeable; a seeded hash of the id picks
  // which of them fill each split's planned count.
  strata.forEach((stratum, i) => {
    const ids = (arriving.get(stratum) ?? []).map((id) => ({ id, rank: fnv1a(`${config.seed}:${id}`) }))
      .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
    let next = 0;
    splitNames.forEach((split, j) => {
      for (let c = 0; c < plan[i]![j]!; c++) assigned.set(ids[next++]!.id, split);
    });
  });
  return assigned;
}

function emptyCounts(): SplitCounts {
  return { train: 0, val: 0, test: 0 };
}
