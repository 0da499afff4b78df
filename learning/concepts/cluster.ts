/**
 * Clustering one bucket of alike sub-trees into groups that share enough structure
 * to be one concept.
 *
 * Greedy, most typical first: sub-trees whose names and literals are the most common
 * in the bucket go first, so groups form around the usual form. A sub-tree joins the
 * group whose shared structure it keeps heaviest, where names weigh double (a callee
 * says more than a literal `1`). Joining is a description-length trade: a group of
 * `n` whose fixed weight a newcomer would cut from `W` to `W'` takes it only when
 * `n·W' > (n−1)·W`, so young groups generalise freely and established ones resist an
 * outlier, which starts (or joins) a group of its own. Last, a group whose template
 * is an instance of a more general group's may be folded into it (`mergeInstances`).
 *
 * @module
 */
import { asTemplateNode, commonShape, type FixedSize, fixedSize, isInstance, type TemplateNode } from "./anti_unify.ts";
import type { CodeNode } from "./parse.ts";

export interface ClusterOptions {
  /** Concrete names (identifiers) a shared structure must keep, so it says what it is about. @default 2 */
  minFixedNames?: number;
  /** Share of its members' named nodes (on average) a group must keep fixed; below is "mostly holes". @default 0.5 */
  minFixedShare?: number;
}

/** A sub-tree to cluster and its size in named nodes. */
export interface Member {
  node: CodeNode;
  size: number;
}

export interface Group<M extends Member> {
  /** The structure all members share, holes unnumbered. */
  shape: TemplateNode;
  fixed: FixedSize;
  members: M[];
  sizeSum: number;
}

const weight = (fixed: FixedSize) => fixed.nodes + fixed.names;

/** Groups of `members`; every member lands in exactly one. */
export function cluster<M extends Member>(members: readonly M[], options: ClusterOptions = {}): Group<M>[] {
  const minFixedNames = options.minFixedNames ?? 2;
  const minFixedShare = options.minFixedShare ?? 0.5;
  const groups: Group<M>[] = [];
  for (const member of byTypicality(members)) {
    let best: { group: Group<M>; shape: TemplateNode; fixed: FixedSize; gain: number } | undefined;
    for (const group of groups) {
      const shape = commonShape(group.shape, member.node);
      const fixed = fixedSize(shape);
      const n = group.members.length;
      const gain = n * weight(fixed) - (n - 1) * weight(group.fixed);
      const meanSize = (group.sizeSum + member.size) / (n + 1);
      if (gain <= 0 || fixed.names < minFixedNames || fixed.nodes < minFixedShare * meanSize) continue;
      if (!best || gain > best.gain) best = { group, shape, fixed, gain };
    }
    if (best) {
      best.group.shape = best.shape;
      best.group.fixed = best.fixed;
      best.group.members.push(member);
      best.group.sizeSum += member.size;
    } else {
      const shape = asTemplateNode(member.node);
      groups.push({ shape, fixed: fixedSize(shape), members: [member], sizeSum: member.size });
    }
  }
  return mergeInstances(groups);
}

/**
 * Once `await craftItem(bot, $1, $2)` is a group, `await craftItem(bot, $1, 1)` is
 * more copies of it, not a concept of its own; so are the lone outliers no group took.
 * A group folds into a more general one that covers it when it differs only in
 * literals (the same names), is alone, or is no bigger; a bigger one with names of
 * its own stays apart: 68 copies of `bot.entity.position.offset(1, 0, 0)` are an
 * idiom, not just more of a rarer `$1.position.offset($2, $3, $4)`. Most specific
 * first, each joins the most specific group covering it, so chains fold.
 */
function mergeInstances<M extends Member>(groups: Group<M>[]): Group<M>[] {
  const order = [...groups].sort((a, b) => weight(b.fixed) - weight(a.fixed));
  const gone = new Set<Group<M>>();
  order.forEach((group, i) => {
    const folds = (g: Group<M>) =>
      group.members.length === 1 || g.fixed.names === group.fixed.names || g.members.length >= group.members.length;
    const target = order.slice(i + 1).find((g) =>
      !gone.has(g) && weight(g.fixed) < weight(group.fixed) && folds(g) && isInstance(group.shape, g.shape)
    );
    if (!target) return;
    target.members.push(...group.members);
    target.sizeSum += group.sizeSum;
    gone.add(group);
  });
  return groups.filter((g) => !gone.has(g));
}

/** Most typical first: by the mean count, across the bucket, of each named leaf's text. */
function byTypicality<M extends Member>(members: readonly M[]): M[] {
  const leavesOf = (node: CodeNode, into: string[] = []): string[] => {
    if (node.children.length === 0) node.named && into.push(`${node.type}:${node.text}`);
    else for (const child of node.children) leavesOf(child, into);
    return into;
  };
  const leaves = members.map((m) => leavesOf(m.node));
  const counts = new Map<string, number>();
  for (const list of leaves) for (const leaf of new Set(list)) counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
  const score = leaves.map((list) => list.reduce((sum, leaf) => sum + counts.get(leaf)!, 0) / Math.max(1, list.length));
  return members.map((m, i) => ({ m, s: score[i]! })).sort((a, b) => b.s - a.s).map(({ m }) => m);
}
