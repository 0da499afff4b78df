import assert from "node:assert/strict";
import { nearestRank } from "./latency.ts";

Deno.test("nearestRank() picks the smallest value with the percentage at or below it", () => {
  const values = [15, 20, 35, 40, 50];
  assert.equal(nearestRank(values, 50), 35);
  assert.equal(nearestRank(values, 95), 50);
  assert.equal(nearestRank(values, 0), 15);
  assert.equal(nearestRank(values, 100), 50);
  assert.equal(nearestRank([3, 1, 2], 50), 2);
  assert.equal(nearestRank(Array.from({ length: 100 }, (_, i) => 100 - i), 95), 95);
  assert.equal(nearestRank([], 95), 0);
});
