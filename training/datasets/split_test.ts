import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { seededRandom } from "../../learning/seeded_random.ts";
import {
  assignSplits,
  defaultSplitConfig,
  parseSplitConfig,
  type Split,
  type SplitConfig,
  splitCounts,
  splitNames,
} from "./split.ts";
import { anyPlanKeepsBounds, balance } from "./split_bounds.ts";

type Member = { id: string; stratum: string; split: Split };
type Addition = { id: string; stratum: string };

const config = defaultSplitConfig;
const ratios = splitNames.map((s) => config[s]);
/** Five domains of very different sizes. */
const domains: [string, number][] = [["code", 0.55], ["research", 0.25], ["writing", 0.12], ["data", 0.06], [
  "ops",
  0.02,
]];

Deno.test("parseSplitConfig() defaults to 80/10/10 with seed 42", () => {
  assert.deepEqual(parseSplitConfig({}), { train: 0.8, val: 0.1, test: 0.1, seed: 42 });
  assert.deepEqual(parseSplitConfig({ train: 0.7, val: 0.2, test: 0.1, seed: 7 }), {
    train: 0.7,
    val: 0.2,
    test: 0.1,
    seed: 7,
  });
});

Deno.test("parseSplitConfig() rejects shares that do not sum to 1, out of range, or unknown keys with E7101", () => {
  for (const bad of [{ train: 0.9 }, { train: 1.2, val: -0.1, test: -0.1 }, { extra: 1 }, { seed: 1.5 }, null]) {
    assert.throws(() => parseSplitConfig(bad), (error: unknown) => {
      assert.ok(error instanceof AtlasError);
      assert.equal(error.code, "E7101");
      assert.match(error.message, /^invalid split configuration: /);
      assert.ok(Array.isArray(error.details) && error.details.length > 0);
      return true;
    });
  }
  assert.doesNotThrow(() => parseSplitConfig({ train: 0.7, val: 0.2, test: 0.1 + 1e-12 }));
});

Deno.test("splitCounts() counts overall and per stratum", () => {
  const { overall, byStratum } = splitCounts([
    { stratum: "a", split: "train" },
    { stratum: "a", split: "val" },
    { stratum: "b", split: "train" },
  ]);
  assert.deepEqual(overall, { train: 2, val: 1, test: 0 });
  assert.deepEqual(byStratum.get("a"), { train: 1, val: 1, test: 0 });
  assert.deepEqual(byStratum.get("b"), { train: 1, val: 0, test: 0 });
});

Deno.test("assignSplits() splits a first version 80/10/10 within one example, overall and per domain", () => {
  const additions = randomAdditions(seededRandom(1), 1000, 0);
  const placed = assignSplits([], additions, config);
  assert.equal(placed.size, 1000);
  const result = balance(cellsOf(withSplits(additions, placed)), ratios);
  assert.ok(result.strata && result.overall);
});

Deno.test("assignSplits() ignores the order of the additions and follows the seed", () => {
  const additions = randomAdditions(seededRandom(2), 500, 0);
  const placed = assignSplits([], additions, config);
  assert.deepEqual(assignSplits([], [...additions].reverse(), config), placed);
  assert.deepEqual(assignSplits([], shuffled(additions, seededRandom(3)), config), placed);
  const reseeded = assignSplits([], additions, { ...config, seed: 43 });
  assert.notDeepEqual(reseeded, placed);
  assert.ok(balance(cellsOf(withSplits(additions, reseeded)), ratios).overall);
});

Deno.test("assignSplits() never moves a member, even one that is added again", () => {
  const first = randomAdditions(seededRandom(4), 200, 0);
  const members = withSplits(first, assignSplits([], first, config));
  const again = members.slice(0, 20).map(({ id, stratum }) => ({ id, stratum }));
  const placed = assignSplits(members, [...again, ...randomAdditions(seededRandom(5), 50, 200)], config);
  for (const member of members.slice(0, 20)) assert.equal(placed.get(member.id), member.split);
  assert.equal(placed.size, 70);
});

Deno.test("assignSplits() rejects one id added to two strata, since either pick would depend on order", () => {
  const twice = [{ id: "x", stratum: "a" }, { id: "x", stratum: "b" }];
  assert.throws(() => assignSplits([], twice, config), (e: unknown) => e instanceof AtlasError && e.code === "E7102");
  assert.equal(assignSplits([], [{ id: "x", stratum: "a" }, { id: "x", stratum: "a" }], config).size, 1);
});

Deno.test("assignSplits() stays within one example per split and domain over 30 versions with removals", () => {
  let versions = 0;
  let impossible = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const random = seededRandom(seed);
    let members: Member[] = [];
    for (let version = 0; version < 30; version++) {
      if (version > 0 && random() < 0.2) {
        const share = random() * 0.1;
        members = members.filter(() => random() >= share);
      }
      const balancedBefore = isBalanced(members);
      // Two in five versions are tiny (1–5 examples): the only ones that can corner the plan.
      const size = random() < 0.4 ? 1 + Math.floor(random() * 5) : 1 + Math.floor(random() * 300);
      const additions = randomAdditions(random, size, seed * 100_000 + version * 1_000);
      const placed = assignSplits(members, additions, config);
      const before = members;
      members = [...members, ...withSplits(additions, placed)];
      versions++;
      if (!balancedBefore) continue; // removals broke the bounds; the final version checks recovery
      const after = balance(cellsOf(members), ratios);
      const where = `seed ${seed}, version ${version}`;
      assert.ok(after.strata, `${where}: a domain left its bound`);
      if (after.overall) continue;
      // Only allowed when no placement of these additions could keep both bounds.
      assert.ok(size <= 12, `${where}: missed the overall bound with ${size} additions`);
      assert.ok(!anyPlanKeepsBounds(loads(before, additions), ratios), `${where}: missed a feasible plan`);
      assert.ok(after.overallGap < 2, `${where}: overall off by ${after.overallGap}`);
      impossible++;
    }
    // Enough additions restore both bounds, whatever removals and tiny versions left behind.
    const restoring = randomAdditions(random, 2000, seed * 100_000 + 99_000);
    members = [...members, ...withSplits(restoring, assignSplits(members, restoring, config))];
    assert.ok(isBalanced(members), `seed ${seed}: not restored`);
  }
  assert.ok(impossible <= versions / 100, `${impossible} of ${versions} versions could not keep both bounds`);
});

Deno.test("assignSplits() re-balances after removals as far as the additions allow", () => {
  const first = randomAdditions(seededRandom(6), 1000, 0);
  let members = withSplits(first, assignSplits([], first, config));
  // Drop most of the validation examples of the biggest domain.
  members = members.filter((m) => !(m.stratum === "code" && m.split === "val" && m.id < "exec:0600"));
  assert.ok(!isBalanced(members));
  const more = randomAdditions(seededRandom(7), 400, 1000);
  members = [...members, ...withSplits(more, assignSplits(members, more, config))];
  assert.ok(isBalanced(members));
});

Deno.test("assignSplits() keeps the domain bound in a case where no placement can keep both", () => {
  // 50/50 over three domains of one member each: two lean to train, `b` to test. A
  // second member of `b` must go to train (b's bound), which puts train 3 of 4 overall.
  const halves: SplitConfig = { train: 0.5, val: 0.5, test: 0, seed: 1 };
  const members: Member[] = [
    { id: "a1", stratum: "a", split: "train" },
    { id: "b1", stratum: "b", split: "val" },
    { id: "c1", stratum: "c", split: "train" },
  ];
  const placed = assignSplits(members, [{ id: "b2", stratum: "b" }], halves);
  assert.equal(placed.get("b2"), "train");
  assert.deepEqual(splitCounts([...members, { id: "b2", stratum: "b", split: "train" }]).overall, {
    train: 3,
    val: 1,
    test: 0,
  });
  // The next addition anywhere restores the overall bound.
  const next = assignSplits(
    [...members, { id: "b2", stratum: "b", split: "train" }],
    [{ id: "c2", stratum: "c" }],
    halves,
  );
  assert.equal(next.get("c2"), "val");
});

Deno.test("assignSplits() balances 100k additions at once", () => {
  const additions = randomAdditions(seededRandom(8), 100_000, 0);
  const placed = assignSplits([], additions, config);
  assert.equal(placed.size, 100_000);
  assert.ok(isBalanced(withSplits(additions, placed)));
});

function randomAdditions(random: () => number, count: number, firstId: number): Addition[] {
  return Array.from({ length: count }, (_, i) => {
    let u = random();
    const domain = domains.find(([, share]) => (u -= share) < 0)?.[0] ?? "ops";
    return { id: `exec:${String(firstId + i).padStart(4, "0")}`, stratum: domain };
  });
}

function withSplits(additions: readonly Addition[], placed: Map<string, Split>): Member[] {
  return additions.map((a) => ({ ...a, split: placed.get(a.id)! }));
}

function cellsOf(members: readonly Member[]): number[][] {
  return [...splitCounts(members).byStratum.values()].map((c) => splitNames.map((s) => c[s]));
}

function isBalanced(members: readonly Member[]): boolean {
  const { strata, overall } = balance(cellsOf(members), ratios);
  return strata && overall;
}

function loads(members: readonly Member[], additions: readonly Addition[]) {
  const { byStratum } = splitCounts(members);
  const names = [...new Set([...byStratum.keys(), ...additions.map((a) => a.stratum)])];
  return names.map((name) => ({
    existing: splitNames.map((s) => byStratum.get(name)?.[s] ?? 0),
    additions: additions.filter((a) => a.stratum === name).length,
  }));
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
