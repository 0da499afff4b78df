import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { type CodeNode, createCodeParser, parseCode } from "./parse.ts";

const types = (node: CodeNode): string[] => [node.type, ...node.children.flatMap(types)];
const leaves = (node: CodeNode): string[] =>
  node.children.length === 0 ? [node.text ?? ""] : node.children.flatMap(leaves);

Deno.test("parseCode() parses Python into a plain tree with leaf texts", async () => {
  const { root, comments } = await parseCode("python", "x = session.query(User).first()  # one\n");
  assert.equal(root.type, "module");
  assert.ok(types(root).includes("assignment"));
  assert.deepEqual(leaves(root), ["x", "=", "session", ".", "query", "(", "User", ")", ".", "first", "(", ")"]);
  assert.deepEqual(comments, [[33, 38]]);
});

Deno.test("parseCode() parses JavaScript and TypeScript, literals kept whole", async () => {
  const js = await parseCode("javascript", "await mineBlock(bot, `log_${kind}`, 3);");
  assert.ok(types(js.root).includes("await_expression"));
  assert.ok(leaves(js.root).includes("`log_${kind}`"));
  const ts = await parseCode("typescript", "const n: number = api.get<User>(url);");
  assert.ok(types(ts.root).includes("type_annotation"));
  assert.ok(types(ts.root).includes("type_arguments"));
});

Deno.test("parseCode() offsets are string indexes, also past non-ASCII text", async () => {
  const source = 'const s = "héllo 🌍"; f(s);';
  const { root } = await parseCode("javascript", source);
  const call = root.children[1]!;
  assert.equal(source.slice(call.start, call.end), "f(s);");
});

Deno.test("parseCode() marks what it cannot read (ERROR, MISSING) instead of failing", async () => {
  const broken = async (source: string) => types((await parseCode("python", source)).root);
  assert.ok((await broken("def broken(:\n  pass\n")).some((t) => t === "ERROR" || t === "MISSING"));
  assert.ok((await broken("x = (1 +\n")).some((t) => t === "ERROR" || t === "MISSING"));
});

Deno.test("createCodeParser() fails with E7920 when a grammar is not installed", async () => {
  const parse = createCodeParser({
    locate: (file) => file.includes("python") ? undefined : new URL(import.meta.resolve(file)),
  });
  await assert.rejects(
    parse("python", "x = 1"),
    (e) => e instanceof AtlasError && e.code === "E7920" && /not installed/.test(e.message),
  );
  await assert.rejects(parse("ruby" as "python", "x = 1"), (e) => e instanceof AtlasError && e.code === "E7920");
});

Deno.test("createCodeParser() fails with E7920 when a file cannot be read, and loads each file once", async () => {
  const reads: string[] = [];
  const failing = createCodeParser({ read: () => Promise.reject(new Error("EACCES")) });
  await assert.rejects(failing("javascript", "f()"), (e) => e instanceof AtlasError && e.code === "E7920");
  const parse = createCodeParser({ read: (url) => (reads.push(url.pathname.split("/").at(-1)!), Deno.readFile(url)) });
  await Promise.all([parse("javascript", "f()"), parse("javascript", "g()"), parse("python", "h()")]);
  const grammars = reads.filter((file) => file !== "web-tree-sitter.wasm");
  assert.deepEqual(grammars.sort(), ["tree-sitter-javascript.wasm", "tree-sitter-python.wasm"]);
  // The runtime is one per process: read here only if no earlier test loaded it.
  assert.ok(reads.length - grammars.length <= 1);
  // The shared parser still works after another parser loaded its grammars.
  assert.equal((await parseCode("python", "x = 1")).root.type, "module");
});
