/**
 * Anti-unification: the least general generalisation of syntax trees. Where all the
 * trees agree (same node type, same number of children, same leaf text) the template
 * keeps the node; where they differ it puts a hole. Holes are numbered `$1`, `$2`...
 * in source order, and the same tuple of differing sub-trees gets the same hole, so
 * `f(User, User.id)` and `f(Order, Order.id)` generalise to `f($1, $1.id)`, not to
 * `f($1, $2.id)`.
 *
 * Pure: trees in, a template out.
 *
 * @module
 */
import type { CodeNode } from "./parse.ts";

/** A place where the trees differ; `hole` counts from 1 (0 in an unnumbered `commonShape`). */
export interface Hole {
  hole: number;
}

/** A node all the trees share. */
export interface Fixed {
  type: string;
  named: boolean;
  text?: string;
  children: TemplateNode[];
}

export type TemplateNode = Hole | Fixed;

export interface Template {
  root: TemplateNode;
  /** How many distinct holes. */
  holes: number;
  /** `bindings[h - 1][i]`: the sub-tree tree `i` has at hole `h`. */
  bindings: CodeNode[][];
}

export const isHole = (node: TemplateNode): node is Hole => "hole" in node;

/** The least general template of `trees` (at least one), with numbered, shared holes. */
export function antiUnify(trees: readonly CodeNode[]): Template {
  if (trees.length === 0) throw new RangeError("antiUnify() needs at least one tree");
  const holeByTuple = new Map<string, number>();
  const bindings: CodeNode[][] = [];
  const walk = (nodes: readonly CodeNode[]): TemplateNode => {
    const first = nodes[0]!;
    if (nodes.every((n) => sameHead(n, first))) {
      return fixed(first, first.children.map((_, i) => walk(nodes.map((n) => n.children[i]!))));
    }
    const tuple = nodes.map(structureKey).join("\u0001");
    let hole = holeByTuple.get(tuple);
    if (hole === undefined) {
      hole = holeByTuple.size + 1;
      holeByTuple.set(tuple, hole);
      bindings.push([...nodes]);
    }
    return { hole };
  };
  const root = walk(trees);
  return { root, holes: holeByTuple.size, bindings };
}

/**
 * The structure `shape` and `tree` share, holes unnumbered: the cheap, incremental
 * form used to decide whether a tree joins a group before the exact template is built.
 */
export function commonShape(shape: TemplateNode, tree: CodeNode): TemplateNode {
  if (isHole(shape) || !sameHead(shape, tree)) return { hole: 0 };
  return fixed(shape, shape.children.map((child, i) => commonShape(child, tree.children[i]!)));
}

/**
 * Whether `general` matches everything `specific` matches: equal where `general` is
 * fixed, anything where it has a hole. Repeated holes are not checked for equal
 * fillers; callers re-generalise the members anyway.
 */
export function isInstance(specific: TemplateNode, general: TemplateNode): boolean {
  if (isHole(general)) return true;
  if (isHole(specific) || specific.type !== general.type || specific.text !== general.text) return false;
  if (specific.children.length !== general.children.length) return false;
  return specific.children.every((child, i) => isInstance(child, general.children[i]!));
}

/** How much of a template is fixed (not holes). */
export interface FixedSize {
  /** Named nodes. */
  nodes: number;
  /** Named leaves: names and literals. */
  leaves: number;
  /** Leaves that are names (`*identifier` in tree-sitter grammars): what says what the code is about. */
  names: number;
  /** Hole positions (a repeated hole counts each time). */
  holes: number;
}

/** How much of a template is fixed. */
export function fixedSize(node: TemplateNode): FixedSize {
  if (isHole(node)) return { nodes: 0, leaves: 0, names: 0, holes: 1 };
  const leaf = node.named && node.children.length === 0;
  const size = {
    nodes: node.named ? 1 : 0,
    leaves: leaf ? 1 : 0,
    names: leaf && node.type.includes("identifier") ? 1 : 0,
    holes: 0,
  };
  for (const child of node.children) {
    const inner = fixedSize(child);
    size.nodes += inner.nodes;
    size.leaves += inner.leaves;
    size.names += inner.names;
    size.holes += inner.holes;
  }
  return size;
}

/** A tree as a template with no holes. */
export const asTemplateNode = (node: CodeNode): TemplateNode => fixed(node, node.children.map(asTemplateNode));

/**
 * The same token, or the same kind of node with as many children and the same tokens
 * among them: `a < b` and `a >= b` differ as wholes, so the hole is `$1`, not `a $1 b`.
 */
function sameHead(a: Fixed | CodeNode, b: CodeNode): boolean {
  if (a.type !== b.type || a.children.length !== b.children.length || a.text !== b.text) return false;
  return a.children.every((child, i) => {
    const other = b.children[i]!;
    return "hole" in child || child.named || (!other.named && child.text === other.text);
  });
}

function fixed(like: Fixed | CodeNode, children: TemplateNode[]): Fixed {
  const node: Fixed = { type: like.type, named: like.named, children };
  if (like.text !== undefined) node.text = like.text;
  return node;
}

/** Identifies a sub-tree by its types and leaf texts, ignoring where it is. */
function structureKey(node: CodeNode): string {
  if (node.children.length === 0) return `${node.type}:${JSON.stringify(node.text ?? "")}`;
  return `${node.type}(${node.children.map(structureKey).join(" ")})`;
}
