import assert from "node:assert/strict";
import { costUsd, defaultPrice, family, priceOf } from "./pricing.ts";

Deno.test("family() derives cache writes at 1.25× and cache reads at 0.1× input", () => {
  assert.deepEqual(family(2, 10), { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 });
  assert.equal(family(4, 20, 0.05).cacheRead, 0.2);
});

Deno.test("priceOf() takes the longest matching prefix, snapshots included", () => {
  assert.equal(priceOf("claude-opus-5-5").price.input, 4);
  assert.equal(priceOf("claude-opus-5").price.input, 5);
  assert.equal(priceOf("claude-opus-4-5-20251101").price.input, 5);
  assert.equal(priceOf("claude-opus-4-1-20250805").price.input, 15);
  assert.equal(priceOf("claude-sonnet-4-5-20250929").price.output, 15);
  assert.equal(priceOf("claude-sonnet-5-5").price.cacheRead, 0.1);
  assert.deepEqual(priceOf("claude-haiku-4-5"), { price: family(1, 5), known: true });
});

Deno.test("priceOf() prices an unknown model at the documented default", () => {
  assert.deepEqual(priceOf("gpt-oss"), { price: defaultPrice, known: false });
  // A prefix must end at a dash: `claude-sonnet-50` is not a Sonnet 5.
  assert.equal(priceOf("claude-sonnet-50").known, false);
});

Deno.test("costUsd() sums each kind of token at its rate per million", () => {
  const tokens = {
    inputTokens: 1_000_000,
    outputTokens: 100_000,
    cacheCreationInputTokens: 200_000,
    cacheReadInputTokens: 2_000_000,
  };
  // $2 + $1 + $0.50 + $0.40
  assert.equal(Math.round(costUsd(tokens, family(2, 10)) * 100) / 100, 3.9);
});
