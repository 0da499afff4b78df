/**
 * Test support: render a chart to markup and check it is a well-formed, sensibly numbered svg.
 * Deno has no DOMParser, so this tokenizes the small tag subset hono/jsx emits.
 */

import assert from "node:assert/strict";

/** Renders a hono/jsx element (sync or async) to its markup. */
export async function render(element: unknown): Promise<string> {
  const node = await element;
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/y;

/**
 * Asserts: one root `<svg role="img">` with an aria-label, balanced tags, no raw `<`, `>` or bare
 * `&` in text, and no NaN, Infinity, undefined or long float tails anywhere in the markup.
 */
export function assertWellFormedSvg(markup: string): void {
  assert.match(markup, /^<svg [^>]*role="img"/);
  assert.match(markup, /^<svg [^>]*aria-label="[^"]+"/);
  assert.ok(markup.endsWith("</svg>"), "ends with </svg>");
  const open: string[] = [];
  let i = 0;
  while (i < markup.length) {
    const lt = markup.indexOf("<", i);
    const text = markup.slice(i, lt === -1 ? undefined : lt);
    assert.doesNotMatch(text, />|&(?!(amp|lt|gt|quot|#39|#x27);)/, `bad text: ${text}`);
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(markup);
    assert.ok(tag, `malformed tag at ${lt}: ${markup.slice(lt, lt + 60)}`);
    const [whole, closing, name, , selfClosing] = tag;
    if (closing) assert.equal(open.pop(), name, `unbalanced </${name}>`);
    else if (!selfClosing) open.push(name!);
    if (open.length === 0 && lt + whole.length < markup.length) assert.fail("content after the root element");
    i = lt + whole.length;
  }
  assert.deepEqual(open, [], "unclosed tags");
  assert.doesNotMatch(markup, /NaN|Infinity|undefined|\[object/);
  assert.doesNotMatch(markup, /\d\.\d{5,}/, "unrounded number in markup");
}

/** How many times `pattern` occurs in `markup`. */
export function count(markup: string, pattern: RegExp): number {
  return markup.match(new RegExp(pattern.source, "g"))?.length ?? 0;
}

/** The text of every `<text>` element with `className` (any when omitted), in order, e.g. tick labels. */
export function texts(markup: string, className?: string): string[] {
  const re = /<text([^>]*)>([^<]*)<\/text>/g;
  return [...markup.matchAll(re)]
    .filter((m) => className === undefined || /class="([^"]*)"/.exec(m[1]!)?.[1]?.split(" ").includes(className))
    .map((m) => m[2]!);
}
