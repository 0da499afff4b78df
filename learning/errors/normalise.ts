/**
 * `normaliseError`: an error text reduced to its template, what stays the same when
 * the same failure recurs. What varies from one occurrence to the next is masked:
 *
 * | text                                   | template                      |
 * | -------------------------------------- | ----------------------------- |
 * | `Could not find [The Beach]. Similar: ['The Beach Boys', …]` | `Could not find [<arg>]. Similar: <list>` |
 * | `ENOENT: open '/tmp/a.txt'`            | `ENOENT: open '<path>'`       |
 * | `User 8f3a2c1e-… not found`            | `User <uuid> not found`       |
 * | `timeout after 3000ms on https://x.io` | `timeout after <num>ms on <url>` |
 *
 * Masks, in the order they apply (earlier ones win): stack traces (`<trace>`), quoted
 * lists (`<list>`, to the end of the text when nothing but punctuation follows, which
 * drops a long tail such as a `Similar: […]` list), bracketed arguments (`[<arg>]`,
 * except a leading tag such as `[ERROR]`), URLs, UUIDs, paths, quoted strings
 * (`'<str>'`), hex numbers, ids (a word of 6+ characters mixing letters and digits,
 * with 3+ digits or in capitals, such as `req_8f3a2` or `B07GJTKYJQ`; a short code such
 * as `E7001` stays, and `3000ms` is a number with a unit), numbers. Whitespace is
 * collapsed, and a template longer than `maxTokens` is cut and ends in `<tail>`.
 * Case is kept: it reads better and error texts are machine-made, so they are stable.
 *
 * @module
 */
import { render, tokenise } from "./tokens.ts";

export interface NormaliseOptions {
  /** Tokens kept before the rest becomes `<tail>`. @default 40 */
  maxTokens?: number;
}

/** The template of an error text: variable parts masked, whitespace collapsed. */
export function normaliseError(text: string, options: NormaliseOptions = {}): string {
  let t = maskTraces(text.trim());
  t = maskLists(t);
  t = t.replace(/(?<=.)\[[^\[\]\n]*[^\[\]\n\s][^\[\]\n]*\]/gs, "[<arg>]");
  t = t.replace(/\b(?:https?|ftp|file|wss?):\/\/[^\s'"<>\])]+/g, "<url>");
  t = t.replace(/\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b/gi, "<uuid>");
  t = t.replace(absolutePath, "<path>").replace(relativeFile, "<path>");
  t = t.replace(
    /(?<![\w\\])(["'`])([^\n]*?)\1(?!\w)/g,
    (all, q: string, inner: string) => inner === "" || /^<\w+>$/.test(inner) ? all : `${q}<str>${q}`,
  );
  t = t.replace(/\b0x[0-9a-f]+\b/gi, "<hex>");
  t = t.replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, "<hex>");
  t = t.replace(/\b(?!\d+[A-Za-z]{0,3}\b)(?=(?:[\w-]*\d){3})(?=[\w-]*[A-Za-z])[A-Za-z0-9][\w-]{5,}\b/g, "<id>");
  t = t.replace(/\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{5,}\b/g, "<id>");
  t = t.replace(/(?<![A-Za-z_\d.<])\d+(?:[.,]\d+)*/g, "<num>");
  const tokens = tokenise(t.replace(/\s+/g, " ").trim());
  const max = options.maxTokens ?? 40;
  if (tokens.length <= max) return render(tokens);
  return `${render(tokens.slice(0, max))} <tail>`;
}

// `/usr/lib/x`, `./a/b`, `~/x`, `C:\x`: a root or a leading dot says it is a path.
const absolutePath = /(?<![\w.:\/<>\\-])(?:[A-Za-z]:[\\/]|~\/|\.{1,2}\/|\/)[\w.@+-]+(?:[\\/][\w.@+-]+)*[\\/]?/g;
// `src/main.ts`: without a root, only a file name with an extension says so (not `and/or`).
const relativeFile = /(?<![\w.\/<>-])[\w.-]+(?:\/[\w.-]+)+\.[A-Za-z]\w{0,5}\b/g;

/**
 * A Python traceback keeps its first line and its last (the exception, where the
 * error is); a JavaScript stack keeps its message. The frames between become `<trace>`.
 */
function maskTraces(text: string): string {
  if (text.startsWith("Traceback (most recent call last)")) {
    const lines = text.split("\n");
    const last = lines.findLastIndex((l) => l.trim() !== "" && !/^\s/.test(l));
    // Without frames between them there is nothing to mask.
    if (last > 1) return `${lines[0]} <trace> ${lines.slice(last).join("\n")}`;
  }
  return text.replace(/(?:\n[ \t]+at [^\n]*)+/g, " <trace>");
}

/**
 * A bracketed list of quoted items (`['a', 'b']`), possibly cut short. When only
 * punctuation follows it, the mask takes the rest: a list at the end is a tail.
 */
function maskLists(text: string): string {
  const closing = /["']\s*\]/g;
  let out = "";
  let from = 0;
  for (const m of text.matchAll(/\[\s*["']/g)) {
    if (m.index < from) continue;
    // The list closes at the first `]` after a quote: an item may hold brackets.
    closing.lastIndex = m.index + m[0].length;
    const found = closing.exec(text);
    const close = found ? found.index + found[0].length : text.length;
    const end = /^[\s.,;:!?]*$/.test(text.slice(close)) ? text.length : close;
    out += `${text.slice(from, m.index)}<list>`;
    from = end;
    if (end === text.length) break;
  }
  return out + text.slice(from);
}
