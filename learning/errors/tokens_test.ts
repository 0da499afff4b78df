import assert from "node:assert/strict";
import { render, tokenise } from "./tokens.ts";

Deno.test("tokenise() splits words, punctuation and masks, and render() joins them back", () => {
  const tokens = tokenise("Could not find [<arg>]. Similar: <list>");
  assert.deepEqual(tokens.map((t) => t.text), [
    "Could",
    "not",
    "find",
    "[",
    "<arg>",
    "]",
    ".",
    "Similar",
    ":",
    "<list>",
  ]);
  assert.deepEqual(tokens.filter((t) => t.mask).map((t) => t.mask), ["arg", "list"]);
  assert.deepEqual(tokens.map((t) => t.space), [false, true, true, true, false, false, false, true, false, true]);
  assert.equal(render(tokens), "Could not find [<arg>]. Similar: <list>");
});

Deno.test("tokenise() takes only known masks as masks", () => {
  const tokens = tokenise("in <module> at <num>");
  assert.deepEqual(tokens.map((t) => t.text), ["in", "<", "module", ">", "at", "<num>"]);
  assert.deepEqual(tokens.map((t) => t.mask), [null, null, null, null, null, "num"]);
});
