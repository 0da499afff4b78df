/**
 * The text extractor: code shapes that recur across trajectories, found by parsing
 * and anti-unification, no model needed.
 *
 * 1. Parse every code block; collect candidate sub-trees (`candidates.ts`) and bucket
 *    them by shape key. A bucket seen in fewer than `minTrajectories` trajectories is
 *    dropped before any comparison, which is what keeps this fast.
 * 2. Cluster each bucket (`cluster.ts`): sub-trees group while they keep enough
 *    structure and names in common, so `mineBlock(bot, "oak_log", 3)` and
 *    `craftItem(bot, "stick", 1)` stay apart (only `bot` would be left) while the
 *    `mineBlock` calls merge.
 * 3. Groups seen in `minTrajectories` distinct trajectories are anti-unified into a
 *    template; one nested in a larger kept template is dropped unless it also recurs
 *    on its own, outside that template, in `minTrajectories` trajectories.
 *
 * @module
 */
import type { Trajectory } from "../trajectory.ts";
import { antiUnify } from "./anti_unify.ts";
import { type Candidate, type CandidateOptions, collectCandidates } from "./candidates.ts";
import { cluster, type ClusterOptions, type Group } from "./cluster.ts";
import { findCodeBlocks } from "./code_blocks.ts";
import { type ConceptDraft, conceptId } from "./concept.ts";
import { type CodeNode, type ParseCode, parseCode, type ParsedCode } from "./parse.ts";
import { renderTemplate, snippet } from "./render.ts";

export interface TextExtractorOptions extends CandidateOptions, ClusterOptions {
  /**
   * Distinct trajectories a shape must appear in. Three: two runs sharing a line can
   * be chance or one copied prompt; three independent runs writing it is a habit.
   * @default 3
   */
  minTrajectories?: number;
  /** Code blocks longer than this are skipped. @default 50000 */
  maxBlockChars?: number;
  /** @default 100 */
  maxConcepts?: number;
  /** @default the shared tree-sitter parser */
  parse?: ParseCode;
}

interface Occurrence extends Candidate {
  block: number;
}

/** Recurring code shapes in `trajectories`, most widespread first. */
export async function extractTextConcepts(
  trajectories: readonly Trajectory[],
  options: TextExtractorOptions = {},
): Promise<ConceptDraft[]> {
  const minTrajectories = options.minTrajectories ?? 3;
  const parse = options.parse ?? parseCode;
  const blocks = trajectories.flatMap(findCodeBlocks).filter((b) =>
    b.source.length <= (options.maxBlockChars ?? 50_000)
  );
  const parsed: Array<ParsedCode & { trajectoryId: string; stepIndex: number }> = [];
  for (const block of blocks) parsed.push({ ...block, ...(await parse(block.language, block.source)) });

  // Buckets are per language: a Python and a JavaScript shape are never one concept.
  const buckets = new Map<string, Occurrence[]>();
  parsed.forEach((code, block) => {
    for (const candidate of collectCandidates(code.root, options)) {
      const key = `${code.language} ${candidate.key}`;
      const bucket = buckets.get(key) ?? [];
      bucket.push({ ...candidate, block });
      buckets.set(key, bucket);
    }
  });

  const trajectoriesOf = (members: readonly Occurrence[]) => new Set(members.map((m) => parsed[m.block]!.trajectoryId));
  const groups: Group<Occurrence>[] = [];
  for (const bucket of buckets.values()) {
    if (trajectoriesOf(bucket).size < minTrajectories) continue;
    for (const group of cluster(bucket, options)) {
      if (trajectoriesOf(group.members).size < minTrajectories) continue;
      // Members back in source order, so the first example is the first seen.
      group.members.sort((a, b) => a.block - b.block || a.node.start - b.node.start);
      groups.push(group);
    }
  }

  const kept = notSubsumed(groups, minTrajectories, (m) => parsed[m.block]!.trajectoryId);
  const drafts = kept.map((group): ConceptDraft => {
    const template = antiUnify(group.members.map((m) => m.node));
    const code = parsed[group.members[0]!.block]!;
    // Laid out the way most copies are, not the way the first happened to be.
    const text = commonest(group.members.slice(0, 9).map((m) => renderTemplate(template, m.node, parsed[m.block]!)));
    const seen = new Set<string>();
    const examples = group.members.filter((m) => {
      const id = parsed[m.block]!.trajectoryId;
      return !seen.has(id) && seen.add(id);
    }).slice(0, 3).map((m) => {
      const at = parsed[m.block]!;
      return { trajectoryId: at.trajectoryId, stepIndex: at.stepIndex, source: snippet(m.node, at) };
    });
    return {
      id: conceptId(code.language, text),
      language: code.language,
      template: text,
      holes: template.holes,
      frequency: group.members.length,
      trajectories: [...trajectoriesOf(group.members)],
      examples,
    };
  });
  drafts.sort((a, b) => b.trajectories.length - a.trajectories.length || b.frequency - a.frequency);
  // Two node kinds can print alike (a Python call and its statement share a span): one concept per id.
  const ids = new Set<string>();
  const unique = drafts.filter((d) => !ids.has(d.id) && ids.add(d.id));
  return unique.slice(0, options.maxConcepts ?? 100);
}

/**
 * Larger code first (by mean occurrence size, so a statement comes before the call in
 * it); a smaller one stays only if, counting just its occurrences outside every kept
 * larger one, it still spans `minTrajectories` trajectories.
 */
function notSubsumed(
  groups: Group<Occurrence>[],
  minTrajectories: number,
  trajectoryOf: (m: Occurrence) => string,
): Group<Occurrence>[] {
  const covered = new Map<number, CodeNode[]>();
  const inside = (m: Occurrence) =>
    (covered.get(m.block) ?? []).some((n) => n.start <= m.node.start && m.node.end <= n.end && n !== m.node);
  const kept: Group<Occurrence>[] = [];
  const meanSize = (g: Group<Occurrence>) => g.sizeSum / g.members.length;
  for (const group of [...groups].sort((a, b) => meanSize(b) - meanSize(a))) {
    const outside = new Set(group.members.filter((m) => !inside(m)).map(trajectoryOf));
    if (outside.size < minTrajectories) continue;
    kept.push(group);
    for (const m of group.members) {
      const nodes = covered.get(m.block) ?? [];
      nodes.push(m.node);
      covered.set(m.block, nodes);
    }
  }
  return kept;
}

/** The most frequent string; the shorter on a tie. */
function commonest(texts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  return [...counts].sort(([a, n], [b, m]) => m - n || a.length - b.length)[0]![0];
}
