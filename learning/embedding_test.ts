import assert from "node:assert/strict";
import { hashingEmbedding, memoized } from "./embedding.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

Deno.test("hashingEmbedding() is unit length and the same for the same text", () => {
  const embed = hashingEmbedding(64);
  const v = embed("Paramore is not from Tennessee.");
  assert.equal(v.length, 64);
  assert.ok(Math.abs(cosine(v, v) - 1) < 1e-9);
  assert.deepEqual(embed("Paramore is not from Tennessee."), v);
});

Deno.test("hashingEmbedding() puts tasks of one form closer than tasks of another", () => {
  const embed = hashingEmbedding();
  const claim = embed("Sophia Bush acted in movies.");
  const otherClaim = embed("Marnie is a film.");
  const shopping = embed("i need a long clip-in hair extension, and price lower than 20.00 dollars");
  const skill = embed("async function craftStonePickaxe(bot) { // crafts a stone pickaxe }");
  assert.ok(cosine(claim, otherClaim) > cosine(claim, shopping));
  assert.ok(cosine(claim, otherClaim) > cosine(claim, skill));
});

Deno.test("memoized() embeds a text once while it is among the last `capacity`, and gives the same vector", () => {
  const calls: string[] = [];
  const embed = memoized((text) => (calls.push(text), hashingEmbedding()(text)), 2);
  const first = embed("Paramore is from Tennessee.");
  assert.deepEqual(embed("Paramore is from Tennessee."), first);
  embed("b");
  embed("Paramore is from Tennessee."); // still among the last two
  embed("c");
  embed("b"); // pushed out by "c" after the first text was used again
  assert.deepEqual(calls, ["Paramore is from Tennessee.", "b", "c", "b"]);
});
