import assert from "node:assert/strict";
import { type ConceptDraft, conceptId } from "./concept.ts";
import { autoDocument, calledNames } from "./document.ts";
import { holeFillers, nameHoles } from "./hole_names.ts";

const draft = (
  template: string,
  sources: string[],
  language: ConceptDraft["language"] = "javascript",
): ConceptDraft => ({
  id: conceptId(language, template),
  language,
  template,
  holes: new Set(template.match(/\$\d+/g)).size,
  frequency: sources.length + 2,
  trajectories: sources.map((_, i) => `t${i + 1}`).concat("t9"),
  examples: sources.map((source, i) => ({ trajectoryId: `t${i + 1}`, stepIndex: 0, source })),
});

Deno.test("autoDocument() names a call concept after its callee and its holes after what fills them", () => {
  const docs = autoDocument(draft("await mineBlock(bot, $1, $2);", [
    'await mineBlock(bot, "oak_log", 3);',
    'await mineBlock(bot, "coal_ore", 3 - coalCount);',
    'await mineBlock(bot, "iron_ore", 1);',
  ]));
  assert.deepEqual(docs, {
    name: "mineBlockPattern",
    signature: "(block, count) => await mineBlock(bot, block, count)",
    docs: "Calls `mineBlock`, with block and count varying. Seen 5 times in 4 trajectories (t1, t2, t3, …).",
  });
});

Deno.test("autoDocument() reads names off shared words and indexed maps", () => {
  const docs = autoDocument(draft("const $1 = bot.inventory.count(mcData.itemsByName.$2.id);", [
    "const sticksCount = bot.inventory.count(mcData.itemsByName.stick.id);",
    "const oakLogsCount = bot.inventory.count(\n  mcData.itemsByName.oak_log.id\n);",
  ]));
  assert.equal(docs.name, "inventoryCountPattern");
  assert.equal(docs.signature, "(count, item) => const count = bot.inventory.count(mcData.itemsByName.item.id)");
  assert.match(docs.docs, /^An assignment calling `bot\.inventory\.count`, with count and item varying\./);
});

Deno.test("autoDocument() writes Python signatures as lambdas and marks conditionals", () => {
  const python = autoDocument(draft("$1 = session.query($2).filter($2.id == $3).first()", [
    "user = session.query(User).filter(User.id == user_id).first()",
    "order = session.query(Order).filter(Order.id == 42).first()",
  ], "python"));
  assert.equal(python.name, "sessionQueryPattern");
  assert.match(
    python.signature,
    /^lambda \w+, \w+, \w+: \w+ = session\.query\(\w+\)\.filter\(\w+\.id == \w+\)\.first\(\)$/,
  );
  const guard = autoDocument(draft("if (!$1) {\n  bot.chat($2);\n  return;\n}", []));
  assert.equal(guard.name, "ifBotChatPattern");
  assert.equal(guard.signature, "(arg1, arg2) => if (!arg1) { bot.chat(arg2); return; }");
  assert.match(guard.docs, /^A conditional calling `bot\.chat`/);
});

Deno.test("autoDocument() of a template without holes says it never varies, and cuts long signatures", () => {
  const fixed = autoDocument(
    draft("const p = bot.entity.position.offset(1, 0, 0);", ["const p = bot.entity.position.offset(1, 0, 0);"]),
  );
  assert.equal(fixed.signature, "() => const p = bot.entity.position.offset(1, 0, 0)");
  assert.match(fixed.docs, /written the same way every time/);
  const long = autoDocument(draft(`f(${"x, ".repeat(100)}$1)`, []));
  assert.ok(long.signature.endsWith("…") && long.signature.length < 200);
});

Deno.test("calledNames() lists callees, most called first, not keywords, holes or definitions", () => {
  assert.deepEqual(calledNames("async function $1(bot) {\n  if (a(b)) { g(x); g(y); }\n  await $2(bot);\n}"), [
    "g",
    "a",
  ]);
  assert.deepEqual(calledNames("def helper(x):\n    return print(len(x))"), ["len"]);
});

Deno.test("holeFillers() aligns examples with the template, repeated holes included", () => {
  const fillers = holeFillers("$1 = session.query($2).filter($2.id == $3).first()", [
    "user = session.query(User).filter(User.id == user_id).first()",
    "x = other(1)",
  ]);
  assert.deepEqual(fillers, [["user"], ["User"], ["user_id"]]);
});

Deno.test("nameHoles() keeps names distinct and clear of the template's own names", () => {
  const template = "const $1 = bot.nearestEntity(entity => entity.$2 === $3);";
  assert.deepEqual(nameHoles(template, [["pig", "cow"], ["name"], ["entity", "entity"]]), ["pig", "name", "entity2"]);
  assert.deepEqual(nameHoles("f($1, $2)", [['"a"', '"b"'], ['"c"']]), ["name", "name2"]);
});
