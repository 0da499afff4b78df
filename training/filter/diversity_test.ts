import assert from "node:assert/strict";
import { domainDiversity } from "./diversity.ts";

Deno.test("domainDiversity() of an even mix has log2(D) bits and evenness 1", () => {
  assert.deepEqual(domainDiversity(["a", "b", "c", "d"]), { domains: 4, entropy: 2, evenness: 1 });
});

Deno.test("domainDiversity() of a skewed mix is below the maximum", () => {
  const { entropy, evenness } = domainDiversity(["a", "a", "a", "b"]);
  // −(¾ log₂ ¾ + ¼ log₂ ¼) = 0.8113
  assert.ok(Math.abs(entropy - 0.8113) < 1e-4);
  assert.equal(evenness, entropy);
});

Deno.test("domainDiversity() of one domain or none is 0 bits and evenness 1", () => {
  assert.deepEqual(domainDiversity(["a", "a"]), { domains: 1, entropy: 0, evenness: 1 });
  assert.deepEqual(domainDiversity([]), { domains: 0, entropy: 0, evenness: 1 });
});
