import assert from "node:assert/strict";
import { allocateSample, sampleByDomain } from "./sampling.ts";

const available = new Map([["a", 60], ["b", 30], ["c", 10]]);

Deno.test("allocateSample() proportional keeps the shares and adds up exactly by largest remainder", () => {
  assert.deepEqual(allocateSample(available, 10, "proportional"), new Map([["a", 6], ["b", 3], ["c", 1]]));
  // Exact shares 4.2, 2.1, 0.7: floors 4, 2, 0 and the one left goes to c's 0.7.
  assert.deepEqual(allocateSample(available, 7, "proportional"), new Map([["a", 4], ["b", 2], ["c", 1]]));
  const odd = allocateSample(new Map([["a", 1], ["b", 1], ["c", 1]]), 2, "proportional");
  assert.deepEqual(odd, new Map([["a", 1], ["b", 1], ["c", 0]]));
});

Deno.test("allocateSample() balanced splits evenly and hands a small domain's leftover to the others", () => {
  assert.deepEqual(allocateSample(available, 30, "balanced"), new Map([["a", 10], ["b", 10], ["c", 10]]));
  assert.deepEqual(allocateSample(available, 50, "balanced"), new Map([["a", 20], ["b", 20], ["c", 10]]));
  assert.deepEqual(allocateSample(available, 51, "balanced"), new Map([["a", 21], ["b", 20], ["c", 10]]));
  assert.deepEqual(allocateSample(available, 85, "balanced"), new Map([["a", 45], ["b", 30], ["c", 10]]));
});

Deno.test("allocateSample() takes everything when the size is not smaller than what there is", () => {
  assert.deepEqual(allocateSample(available, 100, "balanced"), available);
  assert.deepEqual(allocateSample(available, 500, "proportional"), available);
});

Deno.test("sampleByDomain() picks each domain's quota in a seeded order, the same for the same seed", () => {
  const items = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, domain: i % 4 === 0 ? "rare" : "common" }));
  const { chosen, quotas } = sampleByDomain(items, { size: 8, strategy: "proportional", seed: 1 });
  assert.equal(chosen.size, 8);
  assert.deepEqual(quotas, new Map([["rare", 2], ["common", 6]]));
  assert.equal([...chosen].filter((i) => items[i]!.domain === "rare").length, 2);
  assert.deepEqual(sampleByDomain(items, { size: 8, strategy: "proportional", seed: 1 }).chosen, chosen);
  assert.notDeepEqual(sampleByDomain(items, { size: 8, strategy: "proportional", seed: 2 }).chosen, chosen);
});
