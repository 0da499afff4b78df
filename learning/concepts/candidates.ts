/**
 * The sub-trees worth comparing: statements, declarations, definitions and calls of
 * at least a minimum size, each with a shape key that sorts them into buckets of
 * possibly alike code, so only trees in the same bucket are ever compared.
 *
 * @module
 */
import type { CodeNode } from "./parse.ts";

/** A sub-tree that may be one copy of a concept. */
export interface Candidate {
  node: CodeNode;
  /** Named nodes in it: its size, with punctuation not counted. */
  size: number;
  /** Its shape down to `keyDepth` levels, names and literals abstracted. */
  key: string;
}

export interface CandidateOptions {
  /** Smallest candidate, in named nodes. @default 6 */
  minNodes?: number;
  /** Levels of node types in the shape key; deeper differences are left to anti-unification. @default 3 */
  keyDepth?: number;
}

// Grammar-agnostic on purpose: tree-sitter grammars name statements `*_statement`,
// declarations `*_declaration`, definitions `*_definition`, calls `call(_expression)`.
const unit = /(_statement|_declaration|_definition)$|^call(_expression)?$|^new_expression$/;
// Imports recur everywhere and teach nothing; an export is the declaration it wraps.
const skipped = /^(import|export)/;

/** The candidates in `root`, outermost first, skipping sub-trees the parser could not read. */
export function collectCandidates(root: CodeNode, options: CandidateOptions = {}): Candidate[] {
  const minNodes = options.minNodes ?? 6;
  const keyDepth = options.keyDepth ?? 3;
  const found: Array<Candidate & { order: number }> = [];
  let order = 0;
  // Post-order for sizes and errors; `order` restores outermost-first afterwards.
  const visit = (node: CodeNode): { size: number; broken: boolean } => {
    const at = order++;
    let size = node.named ? 1 : 0;
    let broken = node.type === "ERROR" || node.type === "MISSING";
    for (const child of node.children) {
      const inner = visit(child);
      size += inner.size;
      broken ||= inner.broken;
    }
    if (!broken && node.named && size >= minNodes && unit.test(node.type) && !skipped.test(node.type)) {
      found.push({ node, size, key: shapeKey(node, keyDepth), order: at });
    }
    return { size, broken };
  };
  visit(root);
  return found.sort((a, b) => a.order - b.order).map(({ node, size, key }) => ({ node, size, key }));
}

/**
 * Node types down to `depth` levels, with named leaves (identifiers, literals) kept as
 * their type and tokens (`(`, `<`, `await`) as their text: `f(a, 1)` and `g(b, 2)`
 * share a key, `x < y` and `x > y` do not.
 */
export function shapeKey(node: CodeNode, depth: number): string {
  if (node.children.length === 0) return node.named ? node.type : JSON.stringify(node.text ?? node.type);
  if (depth <= 1) return node.type;
  return `${node.type}(${node.children.map((c) => shapeKey(c, depth - 1)).join(" ")})`;
}
