import assert from "node:assert/strict";
import { checkpointsFor, curveOf, goalScope } from "./curves.ts";

const run = (dataset: string, family: string) => ({ dataset, family });

Deno.test("checkpointsFor() doubles from 25 and ends on the whole stream", () => {
  assert.deepEqual(checkpointsFor(1366), [0, 25, 50, 100, 200, 400, 800, 1366]);
  assert.deepEqual(checkpointsFor(25), [0, 25]);
  assert.deepEqual(checkpointsFor(0), [0]);
});

Deno.test("goalScope() judges a one-family dataset against the fleet, a several-family one against its own runs", () => {
  assert.equal(goalScope(1), "fleet");
  assert.equal(goalScope(5), "agent");
});

Deno.test("curveOf() rates one dataset's questions per checkpoint, with both baselines over the stretch since the last", () => {
  const stream = [run("A", "a"), run("B", "b"), run("A", "x"), run("B", "b")];
  const qa = run("A", "a");
  const qx = run("A", "x");
  const checkpoints = [
    {
      seen: 0,
      answers: [{ question: qa, hit: false }, { question: qx, hit: false }, { question: run("B", "b"), hit: true }],
    },
    {
      seen: 4,
      answers: [{ question: qa, hit: true }, { question: qx, hit: false }, { question: run("B", "b"), hit: false }],
    },
  ];
  const [first, last] = curveOf("A", "agent", stream, checkpoints);
  assert.deepEqual([first!.memory, first!.baseline, first!.own], [0, 0, 0]);
  assert.deepEqual([last!.seen, last!.own, last!.memory], [4, 2, 0.5]);
  assert.deepEqual(last!.byFamily, { a: 1, x: 0 });
  // Fleet, after 1..4 seen: a: [a] [a b] [a b x] [b x b] → 3/4; x: 0 0 1 1 → 2/4.
  assert.equal(last!.fleet, (3 / 4 + 2 / 4) / 2);
  // Agent (A's own): a: [a] [a] [a x] [a x] → 1; x: 0 0 1 1 → 1/2.
  assert.equal(last!.agent, (1 + 1 / 2) / 2);
  assert.equal(last!.baseline, last!.agent);
  assert.equal(curveOf("A", "fleet", stream, checkpoints)[1]!.baseline, last!.fleet);
});
