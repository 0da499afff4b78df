import assert from "node:assert/strict";
import { antiUnify, asTemplateNode, commonShape, fixedSize, isInstance, type TemplateNode } from "./anti_unify.ts";
import type { CodeNode } from "./parse.ts";

// Hand-made trees: named leaves, tokens and inner nodes, offsets irrelevant here.
const leaf = (type: string, text: string): CodeNode => ({ type, named: true, start: 0, end: 0, text, children: [] });
const tok = (text: string): CodeNode => ({ type: text, named: false, start: 0, end: 0, text, children: [] });
const node = (type: string, ...children: CodeNode[]): CodeNode => ({ type, named: true, start: 0, end: 0, children });
const id = (name: string) => leaf("identifier", name);
const str = (text: string) => leaf("string", JSON.stringify(text));
const num = (n: number) => leaf("number", String(n));
const call = (fn: string, ...args: CodeNode[]) =>
  node(
    "call_expression",
    id(fn),
    node("arguments", tok("("), ...args.flatMap((a, i) => i ? [tok(","), a] : [a]), tok(")")),
  );

/** The template as compact text, holes as `$n`, to compare shapes at a glance. */
function show(t: TemplateNode): string {
  if ("hole" in t) return `$${t.hole}`;
  if (t.children.length === 0) return t.text ?? t.type;
  return t.children.map(show).join(" ");
}

Deno.test("antiUnify() keeps what two trees share and puts holes where they differ", () => {
  const t = antiUnify([
    call("mineBlock", id("bot"), str("oak_log"), num(3)),
    call("mineBlock", id("bot"), str("coal_ore"), num(5)),
  ]);
  assert.equal(show(t.root), "mineBlock ( bot , $1 , $2 )");
  assert.equal(t.holes, 2);
  assert.deepEqual(t.bindings.map((b) => b.map((n) => n.text)), [['"oak_log"', '"coal_ore"'], ["3", "5"]]);
});

Deno.test("antiUnify() gives the same pair of differing sub-trees the same hole", () => {
  const lookup = (model: string, key: string) =>
    call("filter", id(model), node("member_expression", id(model), tok("."), leaf("property_identifier", key)));
  const t = antiUnify([lookup("User", "id"), lookup("Order", "id")]);
  assert.equal(show(t.root), "filter ( $1 , $1 . id )");
  assert.equal(t.holes, 1);
});

Deno.test("antiUnify() of n trees splits a hole where a third tree disagrees", () => {
  const pair = (a: string, b: string) => call("f", id(a), id(b));
  const t = antiUnify([pair("x", "x"), pair("y", "y"), pair("z", "w")]);
  // x/x and y/y agree, but z/w does not: the tuples differ, so the holes do.
  assert.equal(show(t.root), "f ( $1 , $2 )");
  const same = antiUnify([pair("x", "x"), pair("y", "y"), pair("z", "z")]);
  assert.equal(show(same.root), "f ( $1 , $1 )");
});

Deno.test("antiUnify() puts one hole over sub-trees of different shape or arity", () => {
  const t = antiUnify([
    call("craftItem", id("bot"), str("stick"), num(1)),
    call("craftItem", id("bot"), str("stick"), node("binary_expression", id("n"), tok("-"), id("have"))),
  ]);
  assert.equal(show(t.root), 'craftItem ( bot , "stick" , $1 )');
  const arity = antiUnify([call("f", id("a")), call("f", id("a"), id("b"))]);
  assert.equal(show(arity.root), "f $1");
});

Deno.test("antiUnify() holes a whole expression whose operators differ", () => {
  const cmp = (op: string) => node("binary_expression", id("a"), tok(op), id("b"));
  assert.equal(show(antiUnify([cmp("<"), cmp(">=")]).root), "$1");
  assert.equal(show(antiUnify([cmp("<"), cmp("<")]).root), "a < b");
});

Deno.test("antiUnify() of one tree is the tree, no holes", () => {
  const t = antiUnify([call("f", num(1))]);
  assert.equal(t.holes, 0);
  assert.equal(show(t.root), "f ( 1 )");
  assert.throws(() => antiUnify([]), RangeError);
});

Deno.test("commonShape() generalises step by step to the same structure as antiUnify()", () => {
  const trees = [call("f", id("a"), num(1)), call("f", id("b"), num(1)), call("f", id("c"), num(2))];
  const shape = trees.slice(1).reduce(commonShape, asTemplateNode(trees[0]!));
  assert.equal(show(shape), "f ( $0 , $0 )");
  assert.deepEqual(fixedSize(shape), fixedSize(antiUnify(trees).root));
});

Deno.test("fixedSize() counts named fixed nodes, leaves and names, not tokens or holes", () => {
  const t = antiUnify([call("f", id("a"), num(1)), call("f", id("b"), num(1))]);
  // call_expression, f, arguments, 1 are fixed and named; `(`, `,`, `)` are tokens.
  assert.deepEqual(fixedSize(t.root), { nodes: 4, leaves: 2, names: 1, holes: 1 });
});

Deno.test("isInstance() matches a specific template against a more general one", () => {
  const general = antiUnify([call("f", id("a"), num(1)), call("f", id("b"), num(2))]).root;
  const specific = antiUnify([call("f", id("a"), num(1)), call("f", id("c"), num(1))]).root;
  assert.ok(isInstance(specific, general));
  assert.ok(!isInstance(general, specific));
  assert.ok(!isInstance(asTemplateNode(call("g", id("a"), num(1))), general));
});
