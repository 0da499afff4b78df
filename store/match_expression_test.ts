import assert from "node:assert/strict";
import { toMatchExpression } from "./match_expression.ts";

Deno.test("toMatchExpression() quotes each distinct word and ORs them", () => {
  assert.equal(toMatchExpression('craft "iron" pickaxe*'), '"craft" OR "iron" OR "pickaxe"');
  assert.equal(toMatchExpression("Tennessee tennessee TENNESSEE"), '"tennessee"');
  assert.equal(toMatchExpression("  ...  "), undefined);
});

Deno.test("toMatchExpression() leaves out function words, unless nothing else is left", () => {
  assert.equal(toMatchExpression("Marnie is a film."), '"marnie" OR "film"');
  assert.equal(toMatchExpression("it is what it is"), '"it" OR "is" OR "what"');
});
