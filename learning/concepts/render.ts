/**
 * Templates and snippets back to source text. A template is laid out like one of its
 * examples (its spacing, its line breaks), with `$n` where the holes are, so it reads
 * like the code the agents wrote. Comments are left out: they differ from copy to
 * copy and are not part of the shape.
 *
 * @module
 */
import { isHole, type Template, type TemplateNode } from "./anti_unify.ts";
import type { CodeNode, ParsedCode } from "./parse.ts";

export type SourceText = Pick<ParsedCode, "source" | "comments">;

/** `template` as text, laid out like `example` (one of the trees it generalises). */
export function renderTemplate(template: Template, example: CodeNode, code: SourceText): string {
  const out: string[] = [];
  const walk = (node: TemplateNode, at: CodeNode): void => {
    if (isHole(node)) {
      const bindings = template.bindings[node.hole - 1] ?? [];
      const brackets = sharedBrackets(at, bindings);
      out.push(brackets ? `${brackets[0]}$${node.hole}${brackets[1]}` : `$${node.hole}`);
      return;
    }
    if (node.children.length === 0) return void out.push(at.text ?? code.source.slice(at.start, at.end));
    let cursor = at.start;
    node.children.forEach((child, i) => {
      const concrete = at.children[i]!;
      out.push(withoutComments(code, cursor, concrete.start));
      walk(child, concrete);
      cursor = concrete.end;
    });
    out.push(withoutComments(code, cursor, at.end));
  };
  walk(template.root, example);
  return tidy(out.join(""), lineIndent(code.source, example.start));
}

/** The code of `node`, comments left out and its indentation made relative to its first line. */
export function snippet(node: CodeNode, code: SourceText): string {
  return tidy(withoutComments(code, node.start, node.end), lineIndent(code.source, node.start));
}

/**
 * `(` and `)` when every binding of a hole is wrapped in the same pair: an argument
 * list of varying length reads better as `f($1)` than as `f$1`.
 */
function sharedBrackets(at: CodeNode, bindings: readonly CodeNode[]): [string, string] | undefined {
  const open = at.children[0]?.text;
  const close = at.children.at(-1)?.text;
  if (!open || !close || !["()", "[]", "{}"].includes(open + close) || at.children.length < 2) return undefined;
  const same = bindings.every((b) =>
    b.children.length >= 2 && b.children[0]?.text === open && b.children.at(-1)?.text === close
  );
  return same ? [open, close] : undefined;
}

/** The source between two offsets with the comments in it cut out, whole-line comments with their line. */
function withoutComments(code: SourceText, from: number, to: number): string {
  const { source } = code;
  let text = "";
  let cursor = from;
  for (const [start, end] of code.comments) {
    if (start < from || end > to) continue;
    let cut = start;
    while (cut > cursor && (source[cut - 1] === " " || source[cut - 1] === "\t")) cut--;
    const wholeLine = (cut === 0 || source[cut - 1] === "\n") && source[end] === "\n";
    text += source.slice(cursor, cut);
    cursor = wholeLine ? end + 1 : end;
  }
  return text + source.slice(cursor, Math.max(cursor, to));
}

/** The indentation of the line `offset` is on: what later lines are indented relative to. */
function lineIndent(source: string, offset: number): number {
  const start = source.lastIndexOf("\n", offset - 1) + 1;
  return source.slice(start, offset).length - source.slice(start, offset).trimStart().length;
}

/** Blank lines and trailing spaces dropped, later lines shifted left by the first line's column. */
function tidy(text: string, indent: number): string {
  const lines = text.split("\n").map((line, i) => {
    if (i === 0 || indent === 0) return line.trimEnd();
    const lead = line.length - line.trimStart().length;
    return line.slice(Math.min(lead, indent)).trimEnd();
  });
  return lines.filter((line) => line.trim() !== "").join("\n");
}
