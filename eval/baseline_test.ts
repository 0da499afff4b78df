import assert from "node:assert/strict";
import { recencyRate } from "./baseline.ts";

const run = (dataset: string, family: string) => ({ dataset, family });
// a a b b b b: positions 1–6 seen.
const stream = [run("A", "a"), run("A", "a"), run("B", "b"), run("B", "b"), run("B", "b"), run("B", "b")];

Deno.test("recencyRate() averages the fleet's last 3 over every moment of the stretch", () => {
  // After 1..6 seen, the last 3 are: a | a a | a a b | a b b | b b b | b b b.
  assert.equal(recencyRate(stream, run("A", "a"), 0, 6, "fleet"), 4 / 6);
  assert.equal(recencyRate(stream, run("A", "a"), 4, 6, "fleet"), 0);
  assert.equal(recencyRate(stream, run("B", "b"), 0, 3, "fleet"), 1 / 3);
});

Deno.test("recencyRate() in the agent scope looks only at the asking dataset's own runs", () => {
  assert.equal(recencyRate(stream, run("A", "a"), 0, 6, "agent"), 1);
  assert.equal(recencyRate(stream, run("B", "c"), 0, 6, "agent"), 0);
});

Deno.test("recencyRate() is 0 before anything is seen and for a question without a family", () => {
  assert.equal(recencyRate(stream, run("A", "a"), 0, 0, "fleet"), 0);
  assert.equal(recencyRate(stream, { dataset: "A", family: null }, 0, 6, "fleet"), 0);
});
