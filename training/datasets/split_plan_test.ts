import assert from "node:assert/strict";
import { seededRandom } from "../../learning/seeded_random.ts";
import { planAdditions, quota, type StratumLoad } from "./split_plan.ts";
import { anyPlanKeepsBounds, balance } from "./split_bounds.ts";

Deno.test("quota() is the floor and ceiling of the target, and exact when the target is whole", () => {
  assert.deepEqual(quota(0.8, 11), { lower: 8, upper: 9 });
  assert.deepEqual(quota(0.1, 10), { lower: 1, upper: 1 });
  // 0.7 · 10 is 7.000000000000001 in floating point; it must still be exactly 7.
  assert.deepEqual(quota(0.7, 10), { lower: 7, upper: 7 });
  assert.deepEqual(quota(0.1, 0), { lower: 0, upper: 0 });
});

Deno.test("planAdditions() splits a first version exactly", () => {
  assert.deepEqual(planAdditions([{ existing: [0, 0, 0], additions: 10 }], [0.8, 0.1, 0.1]), [[8, 1, 1]]);
  const plan = planAdditions([
    { existing: [0, 0, 0], additions: 37 },
    { existing: [0, 0, 0], additions: 5 },
    { existing: [0, 0, 0], additions: 1 },
  ], [0.8, 0.1, 0.1]);
  assert.deepEqual(plan.map((row) => row.reduce((a, b) => a + b, 0)), [37, 5, 1]);
  const { strata, overall } = balance(plan, [0.8, 0.1, 0.1]);
  assert.ok(strata && overall);
});

Deno.test("planAdditions() leaves a stratum without additions alone but counts it overall", () => {
  // Overall 8/1/1 already; the lone addition must not go to val or test.
  const plan = planAdditions([{ existing: [8, 1, 1], additions: 0 }, { existing: [0, 0, 0], additions: 1 }], [
    0.8,
    0.1,
    0.1,
  ]);
  assert.deepEqual(plan, [[0, 0, 0], [1, 0, 0]]);
});

Deno.test("planAdditions() keeps both bounds whenever any plan can (against a brute-force oracle)", () => {
  const shapes = [[0.8, 0.1, 0.1], [0.5, 0.5, 0], [0.6, 0.2, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.7, 0.3, 0]];
  const random = seededRandom(7);
  const pick = (n: number) => Math.floor(random() * n);
  let impossible = 0;
  for (let trial = 0; trial < 3000; trial++) {
    const ratios = shapes[pick(shapes.length)]!;
    const strata: StratumLoad[] = Array.from({ length: 1 + pick(5) }, () => ({
      existing: balancedCell(pick(40), ratios, random),
      additions: pick(4),
    }));
    if (!balance(strata.map((s) => s.existing), ratios).overall) continue; // only balanced starting points
    const plan = planAdditions(strata, ratios);
    const after = strata.map((s, i) => s.existing.map((c, j) => c + plan[i]![j]!));
    assert.deepEqual(plan.map((row) => row.reduce((a, b) => a + b, 0)), strata.map((s) => s.additions));
    const result = balance(after, ratios);
    assert.ok(result.strata, `trial ${trial}: a stratum left its bound`);
    assert.equal(result.overall, anyPlanKeepsBounds(strata, ratios), `trial ${trial}: planner and oracle disagree`);
    if (!result.overall) impossible++;
  }
  assert.ok(impossible > 0, "the trials should include some of the rare impossible cases");
});

/** Counts for n members that keep each split within one of its share: floors, then the rest at random. */
function balancedCell(n: number, ratios: readonly number[], random: () => number): number[] {
  const cell = ratios.map((r) => quota(r, n).lower);
  let left = n - cell.reduce((a, b) => a + b, 0);
  while (left > 0) {
    const j = Math.floor(random() * ratios.length);
    if (cell[j]! < quota(ratios[j]!, n).upper) {
      cell[j]!++;
      left--;
    }
  }
  return cell;
}
