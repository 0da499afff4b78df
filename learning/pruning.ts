/**
 * Pruning: memory that costs retrieval quality and earns nothing leaves the index,
 * with the reason recorded (the rows stay, marked, for audit). Three rules:
 *
 * - `failed-source`: every trajectory it was learned from has since been judged a
 *   failure (an outcome or an evaluation below the success line);
 * - `superseded`: a strategy seen once whose plan another strategy of the same
 *   family covers step for step (its verbs appear in order in the other's plan),
 *   the other shown by at least `supersedeRatio` times as many trajectories;
 * - `never-retrieved`: older than `minAgeMs`, never returned to a query, and seen
 *   only once (a concept: found in fewer than `minConceptTrajectories`).
 *
 * @module
 */

export interface PruningPolicy {
  /** @default 7 days */
  minAgeMs: number;
  /** @default 5 */
  supersedeRatio: number;
  /** @default 3 */
  minConceptTrajectories: number;
}

export const defaultPruningPolicy: PruningPolicy = {
  minAgeMs: 7 * 24 * 3_600_000,
  supersedeRatio: 5,
  minConceptTrajectories: 3,
};

export interface PruneDecision {
  id: string;
  reason: string;
}

export interface StrategyFacts {
  id: string;
  family: string | null;
  /** `family|verb>verb>...` (see plan/mod.ts). */
  signature: string;
  support: number;
  retrievals: number;
  createdAt: number;
  sourceTrajectories: readonly string[];
}

export interface ConceptFacts {
  id: string;
  retrievals: number;
  createdAt: number;
  trajectories: readonly string[];
}

/** Which strategies to prune and why; `failed` holds the ids of trajectories judged failures. */
export function pruneStrategies(
  strategies: readonly StrategyFacts[],
  failed: ReadonlySet<string>,
  now: number,
  policy: PruningPolicy = defaultPruningPolicy,
): PruneDecision[] {
  const decisions: PruneDecision[] = [];
  // Only a strategy with supersedeRatio times a one-off's support can cover it: few, and
  // looked up by family, so a library of one-offs is not compared pair by pair.
  const strong = new Map<string | null, StrategyFacts[]>();
  for (const other of strategies) {
    if (other.support < policy.supersedeRatio) continue;
    const family = strong.get(other.family);
    if (family) family.push(other);
    else strong.set(other.family, [other]);
  }
  for (const s of strategies) {
    if (s.sourceTrajectories.length && s.sourceTrajectories.every((id) => failed.has(id))) {
      decisions.push({
        id: s.id,
        reason: `failed-source: all ${s.sourceTrajectories.length} source trajectories failed`,
      });
      continue;
    }
    const cover = s.support === 1 ? strong.get(s.family)?.find((other) => covers(other, s, policy)) : undefined;
    if (cover) {
      decisions.push({
        id: s.id,
        reason: `superseded: ${cover.id} covers its plan with ${cover.support} trajectories`,
      });
      continue;
    }
    if (s.retrievals === 0 && s.support === 1 && now - s.createdAt >= policy.minAgeMs) {
      decisions.push({ id: s.id, reason: `never-retrieved: ${days(now - s.createdAt)} days old, seen once` });
    }
  }
  return decisions;
}

/** Which concepts to prune and why. */
export function pruneConcepts(
  concepts: readonly ConceptFacts[],
  failed: ReadonlySet<string>,
  now: number,
  policy: PruningPolicy = defaultPruningPolicy,
): PruneDecision[] {
  const decisions: PruneDecision[] = [];
  for (const c of concepts) {
    if (c.trajectories.length && c.trajectories.every((id) => failed.has(id))) {
      decisions.push({ id: c.id, reason: `failed-source: all ${c.trajectories.length} source trajectories failed` });
    } else if (
      c.retrievals === 0 && c.trajectories.length < policy.minConceptTrajectories &&
      now - c.createdAt >= policy.minAgeMs
    ) {
      decisions.push({
        id: c.id,
        reason: `never-retrieved: ${days(now - c.createdAt)} days old, in ${c.trajectories.length} trajectories`,
      });
    }
  }
  return decisions;
}

/** Whether `other` covers `s`: same family, every verb of `s` in order in `other`, far more support. */
function covers(other: StrategyFacts, s: StrategyFacts, policy: PruningPolicy): boolean {
  if (other.id === s.id || other.family !== s.family || other.support < policy.supersedeRatio * s.support) return false;
  const mine = verbs(s.signature);
  const theirs = verbs(other.signature);
  if (mine.length === 0 || mine.length > theirs.length) return false;
  let at = 0;
  for (const verb of theirs) if (verb === mine[at]) at++;
  return at === mine.length;
}

/** The verbs of a signature; a program's signature (`code:` its name) has none to compare. */
const verbs = (signature: string): string[] => {
  const plan = signature.slice(signature.indexOf("|") + 1);
  return plan.startsWith("code:") || plan === "" ? [] : plan.split(">");
};

const days = (ms: number) => Math.floor(ms / 86_400_000);
