/**
 * The quality filter: which candidate examples join a dataset, and for every one that
 * does not, the first stage that turned it away and why. Stages, in order:
 *
 * 0. privacy: secrets and personal data redacted, or the example dropped, by the
 *    dataset's policy (`privacy_stage.ts`); the later stages see redacted text;
 * 1. quality and 2. confidence: at least the configured minimum (the minimum passes);
 * 3. anomaly: an Isolation Forest over `exampleFeatures`, fitted on what is left plus
 *    the kept examples, rejects a score at or above the threshold;
 * 4. near-duplicates: MinHash over input and output, best examples first, so of a
 *    group of copies the best stays, and a copy of a kept example never joins;
 * 5. domain cap: no domain above `maxDomainShare` of the dataset (kept included);
 * 6. stratified sampling by domain down to `sampling.size` new examples.
 *
 * `kept` are the examples of the dataset's previous version: never rejected, never
 * returned, but counted by the anomaly forest, the duplicates and the domain shares.
 * Everything is seeded, so a configuration gives the same result every run.
 *
 * @module
 */
import type { TrainingExample } from "../example.ts";
import { type AnomalyStats, runAnomalyStage } from "./anomaly_stage.ts";
import type { FilterConfig } from "./config.ts";
import { type Diversity, domainDiversity } from "./diversity.ts";
import { domainCaps, type DomainCount } from "./domain_cap.ts";
import { matchNearDuplicates } from "./near_duplicates.ts";
import { type PrivacyStats, runPrivacyStage } from "./privacy_stage.ts";
import { sampleByDomain } from "./sampling.ts";

export const rejectReasons = [
  "sensitive-data",
  "low-quality",
  "low-confidence",
  "anomaly",
  "near-duplicate",
  "domain-cap",
  "sampled-out",
] as const;

export type RejectReason = typeof rejectReasons[number];

export interface Rejection {
  exampleId: string;
  reason: RejectReason;
  /** The numbers behind the reason, e.g. "quality 65 < 70". */
  detail: string;
}

export interface FilterStats {
  candidates: number;
  accepted: number;
  /** Rejections per reason; every reason is present. */
  rejected: Record<RejectReason, number>;
  /** Per domain of the candidates. */
  byDomain: Record<string, { candidates: number; accepted: number; rejected: number }>;
  /** Of the dataset that results: accepted plus kept. */
  diversity: Diversity;
  anomaly: AnomalyStats;
  privacy: PrivacyStats;
}

export interface FilterResult {
  /** In the candidates' order, as the privacy stage left them. */
  accepted: TrainingExample[];
  /** In the candidates' order. */
  rejected: Rejection[];
  stats: FilterStats;
}

/** Higher quality, then higher confidence, then id: the order in which copies and capped domains keep examples. */
export function compareBestFirst(a: TrainingExample, b: TrainingExample): number {
  return b.qualityScore - a.qualityScore || b.confidence - a.confidence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Filters `candidates` with `config`, against the examples `kept` from the dataset's previous version. */
export function filterExamples(
  incoming: readonly TrainingExample[],
  config: FilterConfig,
  kept: readonly TrainingExample[] = [],
): FilterResult {
  const privacy = runPrivacyStage(incoming, config.privacy);
  const candidates = privacy.screened.map((s, i) => s.example ?? incoming[i]!);
  // Stages pass positions in `candidates`, so two candidates with one id stay apart.
  const rejections: (Rejection | undefined)[] = new Array(candidates.length);
  const reject = (i: number, reason: RejectReason, detail: string) =>
    rejections[i] = { exampleId: candidates[i]!.id, reason, detail };
  const survive = (positions: number[], failing: (e: TrainingExample) => [RejectReason, string] | undefined) =>
    positions.filter((i) => {
      const failure = failing(candidates[i]!);
      if (failure !== undefined) reject(i, ...failure);
      return failure === undefined;
    });

  let left = [...candidates.keys()].filter((i) => {
    const { example, redacted, kept: present } = privacy.screened[i]!;
    if (!example) reject(i, "sensitive-data", describeFindings({ ...redacted, ...present }));
    return example !== undefined;
  });
  left = survive(
    left,
    (e) =>
      e.qualityScore >= config.minQuality
        ? undefined
        : ["low-quality", `quality ${e.qualityScore} < ${config.minQuality}`],
  );
  left = survive(
    left,
    (e) =>
      e.confidence >= config.minConfidence
        ? undefined
        : ["low-confidence", `confidence ${e.confidence} < ${config.minConfidence}`],
  );

  const anomaly = runAnomalyStage(left.map((i) => candidates[i]!), kept, config.anomaly);
  left = left.filter((i, n) => {
    const score = anomaly.scores?.[n];
    if (score === undefined || score < config.anomaly.threshold) return true;
    reject(i, "anomaly", `anomaly score ${score.toFixed(3)} ≥ ${config.anomaly.threshold}`);
    return false;
  });

  left.sort((a, b) => compareBestFirst(candidates[a]!, candidates[b]!) || a - b);
  if (config.nearDuplicates.enabled) {
    const text = (e: TrainingExample) => ({ id: e.id, text: `${e.input}\n${e.output}` });
    const matches = matchNearDuplicates(left.map((i) => text(candidates[i]!)), config.nearDuplicates, kept.map(text));
    left = left.filter((i, n) => {
      const match = matches[n];
      if (match !== undefined) {
        reject(i, "near-duplicate", `near-duplicate of ${match.duplicateOf} (jaccard ${match.jaccard.toFixed(2)})`);
      }
      return match === undefined;
    });
  }

  left = capDomains(left, candidates, kept, config.diversity.maxDomainShare, reject);

  const { size, strategy, seed } = config.sampling;
  if (size !== undefined && size < left.length) {
    const { chosen, quotas } = sampleByDomain(left.map((i) => candidates[i]!), { size, strategy, seed });
    left = left.filter((i, n) => {
      const domain = candidates[i]!.domain;
      if (!chosen.has(n)) {
        reject(i, "sampled-out", `not among the ${quotas.get(domain)} sampled from ${domain} (${strategy})`);
      }
      return chosen.has(n);
    });
  }

  const accepted = candidates.filter((_, i) => rejections[i] === undefined);
  return {
    accepted,
    rejected: rejections.filter((r) => r !== undefined),
    stats: {
      candidates: candidates.length,
      accepted: accepted.length,
      rejected: Object.fromEntries(
        rejectReasons.map((reason) => [reason, rejections.filter((r) => r?.reason === reason).length]),
      ) as Record<RejectReason, number>,
      byDomain: domainStats(candidates, rejections),
      diversity: domainDiversity([...accepted, ...kept].map((e) => e.domain)),
      anomaly: anomaly.stats,
      privacy: privacy.stats,
    },
  };
}

/** Keeps, per domain and best first, as many as the cap allows; rejects the rest. */
function capDomains(
  ranked: number[],
  candidates: readonly TrainingExample[],
  kept: readonly TrainingExample[],
  maxDomainShare: number,
  reject: (i: number, reason: RejectReason, detail: string) => void,
): number[] {
  if (maxDomainShare >= 1) return ranked;
  const counts = new Map<string, DomainCount>();
  const count = (domain: string) => counts.get(domain) ?? counts.set(domain, { kept: 0, candidates: 0 }).get(domain)!;
  for (const e of kept) count(e.domain).kept++;
  for (const i of ranked) count(candidates[i]!.domain).candidates++;
  const caps = domainCaps(counts, maxDomainShare);
  const taken = new Map<string, number>();
  const raised = caps.share > maxDomainShare ? `, raised from ${maxDomainShare} for ${counts.size} domains` : "";
  return ranked.filter((i) => {
    const domain = candidates[i]!.domain;
    const allowed = caps.newAllowed.get(domain)!;
    const n = taken.get(domain) ?? 0;
    if (n < allowed) {
      taken.set(domain, n + 1);
      return true;
    }
    const held = allowed + counts.get(domain)!.kept;
    reject(i, "domain-cap", `${domain} at its cap: ${held} of ${caps.total} (max share ${caps.share}${raised})`);
    return false;
  });
}

function domainStats(
  candidates: readonly TrainingExample[],
  rejections: readonly (Rejection | undefined)[],
): FilterStats["byDomain"] {
  const stats = new Map<string, { candidates: number; accepted: number; rejected: number }>();
  candidates.forEach((e, i) => {
    const entry = stats.get(e.domain) ??
      stats.set(e.domain, { candidates: 0, accepted: 0, rejected: 0 }).get(e.domain)!;
    entry.candidates++;
    if (rejections[i] === undefined) entry.accepted++;
    else entry.rejected++;
  });
  return Object.fromEntries(stats);
}

/** `email ×2, api-key ×1`. */
function describeFindings(found: Record<string, number>): string {
  return `holds ${Object.entries(found).map(([kind, n]) => `${kind} ×${n}`).join(", ")}`;
}
