/**
 * Stage 4, diversity: the candidate must not buy its mean with one domain. Each
 * domain's mean is compared with the reference's on the same cases; a domain more
 * than `domainTolerance` below fails the stage (a REVIEW, not a REJECT: a small
 * domain's mean moves a lot with one case, so a person looks before it blocks).
 *
 * Domains are known only through their cases, so "a domain with no cases" can only
 * be one the caller expected: those named in `requiredDomains`. A required domain
 * without cases fails the stage, since nothing can be said about it.
 *
 * @module
 */
import type { CaseResult } from "./run_cases.ts";
import { formatScore, meanScore, type StageReport } from "./stage.ts";
import type { Thresholds } from "./thresholds.ts";

export interface DomainFigures {
  domain: string;
  cases: number;
  candidateMean: number;
  referenceMean: number;
  /** candidateMean − referenceMean. */
  delta: number;
}

export interface DiversityFigures {
  /** Every domain of the suite, by name. */
  domains: DomainFigures[];
  regressedDomains: string[];
  missingDomains: string[];
}

export type DiversityReport = StageReport<"diversity", DiversityFigures>;

/** Scores this close are equal: sums of fractions differ in the last bits. */
const epsilon = 1e-9;

/** Compares per-domain means of the candidate and the reference (paired by case id). */
export function diversityStage(
  candidate: readonly CaseResult[],
  reference: readonly CaseResult[],
  thresholds: Pick<Thresholds, "domainTolerance" | "requiredDomains">,
): DiversityReport {
  const candidateByDomain = byDomain(candidate);
  const referenceByDomain = byDomain(reference);
  const domains = [...candidateByDomain.keys()].sort().map((domain): DomainFigures => {
    const results = candidateByDomain.get(domain) ?? [];
    const candidateMean = meanScore(results);
    const referenceMean = meanScore(referenceByDomain.get(domain) ?? []);
    return { domain, cases: results.length, candidateMean, referenceMean, delta: candidateMean - referenceMean };
  });
  const regressed = domains.filter((figures) => figures.delta < -thresholds.domainTolerance - epsilon);
  const missingDomains = thresholds.requiredDomains.filter((domain) => !candidateByDomain.has(domain));
  const errors = [
    ...regressed.map((figures) =>
      `domain ${figures.domain} fell from ${formatScore(figures.referenceMean)} to ` +
      `${formatScore(figures.candidateMean)}, more than ${formatScore(thresholds.domainTolerance)}`
    ),
    ...missingDomains.map((domain) => `required domain ${domain} has no cases`),
  ];
  return {
    stage: "diversity",
    passed: errors.length === 0,
    figures: { domains, regressedDomains: regressed.map((figures) => figures.domain), missingDomains },
    errors,
  };
}

function byDomain(results: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    const group = groups.get(result.golden.domain);
    if (group) group.push(result);
    else groups.set(result.golden.domain, [result]);
  }
  return groups;
}
