import assert from "node:assert/strict";
import { scopeOf } from "./scope.ts";
import { bash, call, trajectoryOf } from "./testdata/steps.ts";

Deno.test("scopeOf() is the family, or without one the domain of the task and its tools", () => {
  assert.equal(scopeOf(trajectoryOf([], { description: "x", family: "retail-return" })), "retail-return");
  const shell = trajectoryOf([bash("pytest -x"), bash("git diff")], {
    description: "Fix the failing unit test in the parser module",
  });
  const recipe = trajectoryOf([call("search_recipes", { q: "x" })], { description: "Find a soup recipe" });
  assert.match(scopeOf(shell), /^domain:coding$/);
  assert.match(scopeOf(recipe), /^domain:/);
  assert.notEqual(scopeOf(shell), scopeOf(recipe));
});
