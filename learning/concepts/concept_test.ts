import assert from "node:assert/strict";
import { conceptId, countHoles, normaliseTemplate } from "./concept.ts";

Deno.test("conceptId() ignores layout but not tokens or language", () => {
  const id = conceptId("javascript", "await f(bot, $1);");
  assert.match(id, /^concept-[0-9a-f]{16}$/);
  assert.equal(conceptId("javascript", "await f(\n  bot,\n  $1\n);"), id);
  assert.notEqual(conceptId("javascript", "await g(bot, $1);"), id);
  assert.notEqual(conceptId("typescript", "await f(bot, $1);"), id);
});

Deno.test("normaliseTemplate() keeps a space only between two word characters", () => {
  assert.equal(normaliseTemplate("  const  x = f( a,\n b ) ;"), "const x=f(a,b);");
  assert.equal(normaliseTemplate("return $1"), "return $1");
});

Deno.test("countHoles() counts distinct holes", () => {
  assert.equal(countHoles("f($1, $1.id, $2)"), 2);
  assert.equal(countHoles("f()"), 0);
});
