import assert from "node:assert/strict";
import { seededRandom } from "../../learning/seeded_random.ts";
import { averagePathLength, IsolationForest } from "./isolation_forest.ts";

/** 500 standard-normal 2-D inliers, then 10 points planted 6 to 8 standard deviations out. */
function plantedSample(seed: number): { rows: number[][]; outliers: Set<number> } {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows = Array.from({ length: 500 }, () => [gaussian(), gaussian()]);
  const outliers = new Set<number>();
  for (let i = 0; i < 10; i++) {
    const angle = (2 * Math.PI * i) / 10;
    const radius = 6 + 2 * random();
    outliers.add(rows.length);
    rows.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
  }
  return { rows, outliers };
}

const topIndexes = (scores: Float64Array, count: number) =>
  [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, count);

Deno.test("averagePathLength() matches c(n) = 2H(n−1) − 2(n−1)/n computed by hand", () => {
  assert.equal(averagePathLength(0), 0);
  assert.equal(averagePathLength(1), 0);
  assert.equal(averagePathLength(2), 1);
  // c(3) = 2(ln 2 + γ) − 4/3 = 2(0.693147 + 0.577216) − 1.333333 = 1.207392
  assert.ok(Math.abs(averagePathLength(3) - 1.207392) < 1e-6);
  // c(256) = 2(ln 255 + γ) − 510/256 = 2(5.541264 + 0.577216) − 1.992188 = 10.244770
  assert.ok(Math.abs(averagePathLength(256) - 10.24477) < 1e-5);
});

Deno.test("IsolationForest ranks the 10 planted outliers first and scores inliers low", () => {
  const { rows, outliers } = plantedSample(7);
  const scores = IsolationForest.fit(rows, { seed: 42 }).scoreAll(rows);
  assert.deepEqual(new Set(topIndexes(scores, 10)), outliers);
  for (const i of outliers) assert.ok(scores[i]! > 0.6, `outlier ${i} scored ${scores[i]}`);
  const inliers = [...scores].filter((_, i) => !outliers.has(i));
  const low = inliers.filter((s) => s < 0.55).length;
  assert.ok(low / inliers.length >= 0.95, `${low} of ${inliers.length} inliers below 0.55`);
});

Deno.test("IsolationForest gives identical scores for the same seed", () => {
  const { rows } = plantedSample(7);
  const first = IsolationForest.fit(rows, { seed: 3 }).scoreAll(rows);
  const second = IsolationForest.fit(rows, { seed: 3 }).scoreAll(rows);
  assert.deepEqual(first, second);
});

Deno.test("IsolationForest with another seed scores differently but ranks the same outliers first", () => {
  const { rows, outliers } = plantedSample(7);
  const first = IsolationForest.fit(rows, { seed: 3 }).scoreAll(rows);
  const second = IsolationForest.fit(rows, { seed: 4 }).scoreAll(rows);
  assert.notDeepEqual(first, second);
  assert.deepEqual(new Set(topIndexes(second, 10)), outliers);
});

Deno.test("IsolationForest ignores a constant attribute instead of wasting cuts on it", () => {
  const { rows, outliers } = plantedSample(11);
  const withConstant = rows.map((row) => [...row, 1]);
  const scores = IsolationForest.fit(withConstant, { seed: 42 }).scoreAll(withConstant);
  assert.deepEqual(new Set(topIndexes(scores, 10)), outliers);
});

Deno.test("IsolationForest caps the sample size at the number of rows and refuses fewer than 2", () => {
  const forest = IsolationForest.fit([[0], [1], [2]], { seed: 1, trees: 5 });
  for (const x of [0, 1, 2, 10]) assert.ok(forest.score([x]) > 0 && forest.score([x]) < 1);
  assert.throws(() => IsolationForest.fit([[1]], { seed: 1 }), RangeError);
  assert.throws(() => IsolationForest.fit([[1], [1, 2]], { seed: 1 }), RangeError);
  assert.throws(() => IsolationForest.fit([[1], [NaN]], { seed: 1 }), RangeError);
});

Deno.test("IsolationForest.scoreAll() over 100,000 rows gives each row's own score", () => {
  const random = seededRandom(5);
  const rows = Array.from({ length: 100_000 }, () => Array.from({ length: 10 }, () => random()));
  const forest = IsolationForest.fit(rows, { seed: 42 });
  const scores = forest.scoreAll(rows);
  assert.equal(scores.length, rows.length);
  for (let i = 0; i < rows.length; i += 9_973) assert.equal(scores[i], forest.score(rows[i]!));
});
