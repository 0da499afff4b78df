import assert from "node:assert/strict";
import { heldOutCount, shuffle, split } from "./split.ts";

const runs = (dataset: string, family: string | null, n: number) =>
  Array.from({ length: n }, (_, i) => ({ dataset, family, id: `${dataset}-${family}-${i}` }));

Deno.test("heldOutCount() holds out 20% of a family, at least 1 from 3 runs, at most 30", () => {
  assert.deepEqual([1, 2, 3, 9, 17, 94, 150, 500].map((n) => heldOutCount(n)), [0, 0, 1, 2, 3, 19, 30, 30]);
});

Deno.test("split() is stratified by dataset and family, seeded, and takes the held-out runs from the end", () => {
  const all = [
    ...runs("fever", "fact-verification", 500),
    ...runs("tau2", "retail-cancel", 3),
    ...runs("tau2", "retail-info", 2),
    ...runs("other", "retail-cancel", 10),
    ...runs("anon", null, 7),
  ];
  const { stream, heldOut } = split(all, 7);
  const count = (d: string, f: string | null) => heldOut.filter((r) => r.dataset === d && r.family === f).length;
  assert.deepEqual(
    [count("fever", "fact-verification"), count("tau2", "retail-cancel"), count("tau2", "retail-info")],
    [
      30,
      1,
      0,
    ],
  );
  assert.equal(count("other", "retail-cancel"), 2);
  assert.equal(count("anon", null), 0);
  assert.equal(stream.length + heldOut.length, all.length);
  // Every held-out run sits after the last streamed run of its family in the shuffled order.
  const order = shuffle([...all], 7);
  for (const h of heldOut) {
    const lastStreamed = Math.max(
      ...stream.filter((r) => r.dataset === h.dataset && r.family === h.family).map((r) => order.indexOf(r)),
    );
    assert.ok(order.indexOf(h) > lastStreamed);
  }
  assert.deepEqual(split(all, 7).stream.map((r) => r.id), stream.map((r) => r.id));
  assert.notDeepEqual(split(all, 8).stream.map((r) => r.id), stream.map((r) => r.id));
});
