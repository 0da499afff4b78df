/**
 * `clusterErrors`: failed steps from many trajectories grouped into error patterns,
 * each with a name, a signature matching its examples, how often it recurs and, when
 * some run got past it, the fix that run used.
 *
 * Rules, within one task family (the same error text means different things to
 * different tasks, and fixes come from the same family):
 * 1. Occurrences with the same template are one group.
 * 2. Groups, most frequent first, join the first cluster whose head (its most frequent
 *    template) is similar: same first token, at least `minShared` tokens in common, and
 *    `shared / (shared + differing runs)` of at least `minSimilarity` (align.ts).
 *    Comparing with the head, not with every member, stops chains of small steps from
 *    drifting into one cluster. So FEVER's `Could not find [<arg>]. Similar: <list>`
 *    and `Could not find global warming permafrost. Similar: <list>` are one pattern,
 *    and `Invalid action: Finish[<arg>]`, `Invalid action: lookup[<arg>] on different
 *    website` and `Invalid action: login` are one (the agent wrote an action the
 *    environment does not take), while WebShop's `Invalid action!` stays apart.
 * 3. A cluster seen fewer than `minFrequency` times is not a pattern.
 *
 * The suggested fix is the most common recovery (detect.ts) across the cluster, by
 * template, with its most common concrete form: what runs of the same family that got
 * past the error did next (describe.ts). Without one, `suggestFixes` asks the model.
 *
 * @module
 */
import { similarity } from "./align.ts";
import { stableId } from "../stable_id.ts";
import { patternName, patternRoot, pickExamples, trajectoryFix } from "./describe.ts";
import { buildSignature } from "./signature.ts";
import { type Token, tokenise } from "./tokens.ts";

/** One failed step, as clustering sees it (see `errorOccurrences`). */
export interface ErrorOccurrence {
  trajectoryId: string;
  family: string | null;
  index: number;
  text: string;
  template: string;
  /** The action that got past the error, in a run that went well. */
  recovery?: string | null;
  /** The action the error answered, such as `Search[The Beach]`. */
  action?: string | null;
}

export interface ErrorExample {
  trajectoryId: string;
  index: number;
  text: string;
  /** The action the error answered, when known. */
  action?: string;
}

/** An error pattern before it is stored. */
export interface ErrorPatternDraft {
  /** Stable across runs: a hash of the family and the templates' shared beginning. */
  id: string;
  family: string | null;
  /** Short and readable, such as `Could not find (after Search)`; unique in one result. */
  name: string;
  /** Regex source matching every example: `new RegExp(signature).test(text)`. */
  signature: string;
  /** Occurrences. */
  frequency: number;
  distinctTrajectories: number;
  suggestedFix: string | null;
  fixSource: "trajectory" | "model" | null;
  examples: ErrorExample[];
  /** The cluster's templates, most frequent first. */
  templates: string[];
}

export interface ClusterOptions {
  /** Occurrences a cluster needs to be a pattern. @default 2 */
  minFrequency?: number;
  /** Similarity a template needs to join a cluster. @default 0.75 */
  minSimilarity?: number;
  /** Tokens a template must share with a cluster's head (fewer when either is shorter). @default 3 */
  minShared?: number;
  /** @default 5 */
  maxExamples?: number;
  /** @default 10 */
  maxTemplates?: number;
}

interface Group {
  template: string;
  tokens: Token[];
  occurrences: ErrorOccurrence[];
}

/** The error patterns among the occurrences, most frequent first. */
export function clusterErrors(
  occurrences: readonly ErrorOccurrence[],
  options: ClusterOptions = {},
): ErrorPatternDraft[] {
  const byFamily = groupBy(occurrences, (o) => o.family ?? "\u0000");
  const drafts = [...byFamily.values()].flatMap((family) =>
    clusterFamily(family, options).filter((c) => count(c) >= (options.minFrequency ?? 2)).map((c) => draft(c, options))
  );
  drafts.sort((a, b) => b.frequency - a.frequency || compare(a.name, b.name) || compare(a.id, b.id));
  return distinct(drafts);
}

function clusterFamily(occurrences: readonly ErrorOccurrence[], options: ClusterOptions): Group[][] {
  const groups: Group[] = [...groupBy(occurrences, (o) => o.template)]
    .map(([template, members]) => ({ template, tokens: tokenise(template), occurrences: members }))
    .sort((a, b) => b.occurrences.length - a.occurrences.length || compare(a.template, b.template));
  const clusters: Group[][] = [];
  // A template only joins a head with the same first token: look only at those.
  const byStart = new Map<string, Group[][]>();
  for (const group of groups) {
    const start = group.tokens[0]?.text ?? "";
    const candidates = byStart.get(start) ?? [];
    const home = candidates.find(([head]) => joins(head!.tokens, group.tokens, options));
    if (home) home.push(group);
    else {
      clusters.push([group]);
      byStart.set(start, [...candidates, clusters.at(-1)!]);
    }
  }
  return clusters;
}

function joins(head: Token[], tokens: Token[], options: ClusterOptions): boolean {
  const s = similarity(head, tokens, (a, b) => a.text === b.text);
  const minShared = Math.min(options.minShared ?? 3, head.length, tokens.length);
  return s.sameStart && s.shared >= minShared && s.score >= (options.minSimilarity ?? 0.75);
}

function draft(cluster: Group[], options: ClusterOptions): ErrorPatternDraft {
  const all = cluster.flatMap((g) => g.occurrences);
  const templates = cluster.map((g) => g.template);
  const family = all[0]!.family;
  const root = patternRoot(cluster.map((g) => g.tokens));
  const fix = trajectoryFix(all);
  return {
    id: stableId("ep", family ?? "", root || templates[0]!),
    family,
    name: patternName(root, templates[0]!, all),
    signature: covering(buildSignature(templates), all.map((o) => o.text)),
    frequency: all.length,
    distinctTrajectories: new Set(all.map((o) => o.trajectoryId)).size,
    suggestedFix: fix,
    fixSource: fix === null ? null : "trajectory",
    examples: pickExamples(cluster.map((g) => g.occurrences), options.maxExamples ?? 5),
    templates: templates.slice(0, options.maxTemplates ?? 10),
  };
}

/**
 * The signature, widened by the exact text of any example it misses. By construction
 * it misses none; this keeps "matches every example" true even for a text whose
 * masks overlap in a way the builder did not foresee.
 */
function covering(signature: string, texts: readonly string[]): string {
  const pattern = new RegExp(signature);
  const missed = [...new Set(texts.filter((t) => !pattern.test(t)))];
  const literal = (t: string) => `^\\s*${t.trim().replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}\\s*$`;
  return [signature, ...missed.map(literal)].join("|");
}

/**
 * Names made unique (the family, then a number, is added to a repeated name), and ids:
 * two clusters of a family that begin alike are told apart by their head template.
 */
function distinct(drafts: ErrorPatternDraft[]): ErrorPatternDraft[] {
  const used = new Set<string>();
  const ids = new Set<string>();
  for (const d of drafts) {
    if (ids.has(d.id)) d.id = stableId("ep", d.family ?? "", d.id, d.templates[0]!);
    ids.add(d.id);
    let name = d.name;
    if (used.has(name)) name = `${d.name} [${d.family ?? "no family"}]`;
    for (let n = 2; used.has(name); n++) name = `${d.name} [${d.family ?? "no family"}] #${n}`;
    used.add(name);
    d.name = name;
  }
  return drafts;
}

const count = (cluster: Group[]) => cluster.reduce((n, g) => n + g.occurrences.length, 0);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
