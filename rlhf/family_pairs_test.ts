import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { trainingExample } from "../training/example_fixture.ts";
import { familyPreferencePairs } from "./family_pairs.ts";

const run = (id: string, domain: string, qualityScore: number) =>
  trainingExample({ id, taskKey: id, domain, qualityScore, input: `Task ${id}`, output: `Run ${id}` });

const examples = [
  ...Array.from({ length: 12 }, (_, i) => run(`fever-${i}`, "fever", i % 2 ? 100 : 0)),
  ...Array.from({ length: 12 }, (_, i) => run(`shop-${i}`, "shop", i * 9)),
];

Deno.test("familyPreferencePairs() pairs across tasks within a domain only, the chosen ahead by minMargin", () => {
  const pairs = familyPreferencePairs(examples, { minMargin: 20, seed: 1 });
  const byId = new Map(examples.map((example) => [example.id, example]));
  assert.ok(pairs.length > 0);
  for (const pair of pairs) {
    const [chosen, rejected] = [byId.get(pair.chosenId)!, byId.get(pair.rejectedId)!];
    assert.equal(chosen.domain, rejected.domain);
    assert.equal(pair.taskKey, `domain:${chosen.domain}`);
    assert.ok(chosen.qualityScore - rejected.qualityScore >= 20);
    assert.equal(pair.margin, chosen.qualityScore - rejected.qualityScore);
    assert.equal(pair.prompt, chosen.input);
    assert.equal(pair.rejectedPrompt, rejected.input);
  }
});

Deno.test("familyPreferencePairs() gives each answer at most pairsPerExample partners, distinct ones", () => {
  const pairs = familyPreferencePairs(examples, { minMargin: 20, pairsPerExample: 3, seed: 1 });
  const partners = Map.groupBy(pairs, (pair) => pair.chosenId);
  for (const [, group] of partners) {
    assert.ok(group.length <= 3);
    assert.equal(new Set(group.map((pair) => pair.rejectedId)).size, group.length);
  }
  // Each of the 6 successful FEVER runs has 6 failed ones to draw 3 from.
  assert.equal(pairs.filter((pair) => pair.taskKey === "domain:fever").length, 18);
});

Deno.test("familyPreferencePairs() is fixed by its seed", () => {
  const ids = (seed: number) =>
    familyPreferencePairs(examples, { minMargin: 20, pairsPerExample: 2, seed }).map((p) =>
      `${p.chosenId}>${p.rejectedId}`
    );
  assert.deepEqual(ids(5), ids(5));
  assert.deepEqual(
    familyPreferencePairs(examples.toReversed(), { minMargin: 20, pairsPerExample: 2, seed: 5 }).map((
      p,
    ) => `${p.chosenId}>${p.rejectedId}`),
    ids(5),
  );
  assert.notDeepEqual(ids(6), ids(5));
});

Deno.test("familyPreferencePairs() throws E7300 on invalid options", () => {
  assert.throws(
    () => familyPreferencePairs(examples, { minMargin: 10, pairsPerExample: 0 }),
    (error) => error instanceof AtlasError && error.code === "E7300",
  );
});
