import assert from "node:assert/strict";
import { antiUnify } from "./anti_unify.ts";
import { collectCandidates } from "./candidates.ts";
import { parseCode } from "./parse.ts";
import { renderTemplate, snippet } from "./render.ts";

/** The first candidate of `type` in `source`. */
async function first(language: "python" | "javascript", source: string, type: string) {
  const code = await parseCode(language, source);
  const found = collectCandidates(code.root, { minNodes: 1 }).find((c) => c.node.type === type);
  assert.ok(found, `no ${type} in ${source}`);
  return { code, node: found.node };
}

Deno.test("snippet() drops comments and shifts nested lines back to the first line's indentation", async () => {
  const source = "function f() {\n  if (x) {\n    // why\n    go(x); // now\n  }\n}\n";
  const { code, node } = await first("javascript", source, "if_statement");
  assert.equal(snippet(node, code), "if (x) {\n  go(x);\n}");
});

Deno.test("renderTemplate() lays the template out like the example, holes as $n", async () => {
  const a = await first("python", "for row in rows:\n    total += row.price  # sum\n", "for_statement");
  const b = await first("python", "for item in cart:\n    total += item.price\n", "for_statement");
  const template = antiUnify([a.node, b.node]);
  assert.equal(renderTemplate(template, a.node, a.code), "for $1 in $2:\n    total += $1.price");
});

Deno.test("renderTemplate() keeps the brackets of an argument list whose length varies", async () => {
  const a = await first("javascript", "log(a, b);", "call_expression");
  const b = await first("javascript", "log(c);", "call_expression");
  assert.equal(renderTemplate(antiUnify([a.node, b.node]), a.node, a.code), "log($1)");
});
