/**
 * What kind of work an example is, over the fixed taxonomy of `domain_rules.ts`. A
 * transparent weighted vote rather than a model: it runs on every example, offline,
 * and `domainScores` says which rule gave which points, so a misfiled example is
 * explained and fixed by editing a rule.
 *
 * @module
 */
import { type Domain, domains, evidence, labelWeight, minimumScore } from "./domain_rules.ts";

export { type Domain, domains } from "./domain_rules.ts";

export interface DomainInput {
  /** The example's text: its input and output (a trajectory's task and transcript). */
  text: string;
  /** The names of the tools it used. */
  tools: readonly string[];
  /** The task's family, e.g. `fact-verification`. */
  family?: string | undefined;
  /** The domain a producer declared, in its own words, e.g. `wikipedia`. */
  declared?: string | undefined;
}

export interface DomainScore {
  domain: Domain;
  score: number;
  /** The rules that fired, as `text:claim`, `tool:lookup tool (Lookup)`, `label:webshop`. */
  reasons: string[];
}

/**
 * The domain of an example: the best-scoring one, or `general` when none reaches the
 * minimum. A family or declared domain adds weight but does not decide: producers
 * name their tasks in their own words (FEVER's say `wikipedia`, Voyager's
 * `minecraft`), the same word can mean different work, and a label is sometimes
 * wrong; the taxonomy has to mean one thing across producers, so the example's own
 * text and tools can outvote its label.
 */
export function classifyDomain(input: DomainInput): Domain {
  const [best] = domainScores(input);
  return best && best.score >= minimumScore ? best.domain : "general";
}

/** Every scoring domain with its points and reasons, best first (ties in taxonomy order). */
export function domainScores(input: DomainInput): DomainScore[] {
  const labels = [input.family, input.declared].flatMap((label) => label ? [label.toLowerCase()] : []);
  const tools = [...new Set(input.tools.map((t) => t.toLowerCase()))];
  const scores: DomainScore[] = [];
  for (const domain of domains) {
    if (domain === "general") continue;
    const rules = evidence[domain];
    const found = { domain, score: 0, reasons: [] as string[] };
    const add = (weight: number, reason: string) => {
      found.score += weight;
      found.reasons.push(reason);
    };
    for (const rule of rules.text) {
      if (rule.pattern.test(input.text)) add(rule.weight, `text:${rule.name}`);
    }
    for (const rule of rules.tools) {
      const tool = tools.find((t) => rule.pattern.test(t));
      if (tool !== undefined) add(rule.weight, `tool:${rule.name} (${tool})`);
    }
    // Family and declared domain are one producer's say: together they still count once.
    const label = labels.find((l) => l === domain || l.split(/[^a-z0-9]+/).some((w) => rules.labels.includes(w)));
    if (label !== undefined) add(labelWeight, `label:${label}`);
    if (found.score > 0) scores.push(found);
  }
  // Stable sort: equal scores keep the taxonomy's order.
  return scores.sort((a, b) => b.score - a.score);
}
