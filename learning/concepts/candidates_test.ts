import assert from "node:assert/strict";
import { collectCandidates, shapeKey } from "./candidates.ts";
import { type CodeNode, parseCode } from "./parse.ts";

Deno.test("collectCandidates() takes statements and calls above the size floor, outermost first", async () => {
  const code = await parseCode("javascript", "import x from 'y';\nconst n = f(g(1), 2);\nh();\n");
  const types = collectCandidates(code.root, { minNodes: 5 }).map((c) => c.node.type);
  // The import, the tiny `h()` and `g(1)` are left out.
  assert.deepEqual(types, ["lexical_declaration", "call_expression"]);
});

Deno.test("collectCandidates() skips sub-trees the parser could not read", async () => {
  const code = await parseCode("python", "result = compute(alpha, beta, (\n");
  assert.ok(collectCandidates(code.root, { minNodes: 1 }).every((c) => !c.node.type.includes("ERROR")));
  assert.ok(!collectCandidates(code.root, { minNodes: 1 }).some((c) => c.node.type === "expression_statement"));
});

Deno.test("shapeKey() abstracts names and literals but keeps operators and keywords", async () => {
  const key = async (source: string) =>
    shapeKey((await parseCode("javascript", source)).root.children[0] as CodeNode, 4);
  assert.equal(await key("f(a, 1);"), await key("g(b, 2);"));
  assert.notEqual(await key("x < y;"), await key("x >= y;"));
  assert.notEqual(await key("f(a);"), await key("f(a, b);"));
});
