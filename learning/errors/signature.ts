/**
 * `buildSignature`: one regular expression for a cluster of error templates, usable as
 * `new RegExp(signature)` on raw error texts.
 *
 * The templates are aligned token by token (a longest common subsequence, folded in
 * one template at a time, most frequent first). Where every template agrees the token
 * stays, escaped, or becomes its mask's class (`<num>` → `\d+(?:[.,]\d+)*`, `<arg>` →
 * `.+?`); where they differ the run becomes a wildcard, `[\s\S]+?`, or `[\s\S]*?` when
 * some template has nothing there. Whitespace between tokens is `\s+` (or `\s*` where
 * the templates disagree), because raw texts carry the newlines and double spaces the
 * templates collapsed.
 *
 * The expression is anchored at both ends (`^\s*` … `\s*$`), except after a `<tail>`:
 * anchoring is what keeps `Invalid action: <arg>` from matching a longer, different
 * error that merely contains those words. No flags are needed.
 *
 * @example
 * ```ts
 * buildSignature(["Could not find [<arg>]. Similar: <list>", "Could not find Mary-Kate Olsen."]);
 * // ^\s*Could\s+not\s+find\s+[\s\S]+?\.\s*[\s\S]*?\s*$
 * ```
 *
 * @module
 */
import { commonSubsequence } from "./align.ts";
import { maskSource, type Token, tokenise } from "./tokens.ts";

/** Whitespace before an element: always, never, or only in some templates. */
type Space = "yes" | "no" | "maybe";

type Element =
  | { kind: "token"; token: Token; space: Space }
  | { kind: "gap"; optional: boolean; space: Space };

/** The signature of templates (at least one): matches every text they came from. */
export function buildSignature(templates: readonly string[]): string {
  const [first, ...rest] = templates.map(tokenise);
  if (!first) throw new RangeError("buildSignature needs at least one template");
  let pattern: Element[] = first.map((token) => ({ kind: "token", token, space: token.space ? "yes" : "no" }));
  for (const tokens of rest) pattern = fold(pattern, tokens);
  return toRegex(pattern);
}

/** The pattern widened to also cover `tokens`. */
function fold(pattern: readonly Element[], tokens: readonly Token[]): Element[] {
  const same = (e: Element, t: Token) => e.kind === "token" && e.token.text === t.text;
  const out: Element[] = [];
  let [pi, tj] = [0, 0];
  const end: [number, number] = [pattern.length, tokens.length];
  for (const [i, j] of [...commonSubsequence(pattern, tokens, same), end]) {
    const pRun = pattern.slice(pi, i);
    const tRun = tokens.slice(tj, j);
    if (pRun.length > 0 || tRun.length > 0) {
      const optional = pRun.length === 0 || tRun.length === 0 ||
        pRun.every((e) => e.kind === "gap" && e.optional);
      const space = pRun[0] && tRun[0] ? agree(pRun[0].space, tRun[0]) : "maybe";
      out.push({ kind: "gap", optional, space });
    }
    const matched = pattern[i];
    if (matched && tokens[j]) out.push({ ...matched, space: agree(matched.space, tokens[j]) });
    [pi, tj] = [i + 1, j + 1];
  }
  return out;
}

const agree = (space: Space, token: Token): Space => space === (token.space ? "yes" : "no") ? space : "maybe";

function toRegex(pattern: readonly Element[]): string {
  const last = pattern.at(-1);
  const open = last?.kind === "token" && last.token.mask === "tail";
  let source = String.raw`^\s*`;
  pattern.forEach((e, i) => {
    if (i > 0) source += separator(e);
    if (e.kind === "gap") source += e.optional ? String.raw`[\s\S]*?` : String.raw`[\s\S]+?`;
    else source += e.token.mask ? maskSource[e.token.mask] : escape(e.token.text);
  });
  return open ? source : source + String.raw`\s*$`;
}

function separator(e: Element): string {
  // A trace or tail swallows whatever whitespace there is; `normaliseError` put a
  // space before `<tail>` even where the cut fell inside a word's punctuation.
  if (e.kind === "token" && (e.token.mask === "tail" || e.token.mask === "trace")) return String.raw`\s*`;
  return e.space === "yes" ? String.raw`\s+` : e.space === "maybe" ? String.raw`\s*` : "";
}

/** A literal token, escaped so it means itself with or without the `u` flag. */
const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
