import assert from "node:assert/strict";
import { FlowNetwork } from "./min_cost_flow.ts";

Deno.test("FlowNetwork sends everything it can, by the cheapest arcs first", () => {
  // 0 → 1 → 3 costs 2 a unit, 0 → 2 → 3 costs 5; the cheap route holds only 3 units.
  const network = new FlowNetwork(4);
  network.addArc(0, 1, 3, 1);
  const cheap = network.addArc(1, 3, 3, 1);
  network.addArc(0, 2, 5, 2);
  const dear = network.addArc(2, 3, 10, 3);
  assert.deepEqual(network.minCostMaxFlow(0, 3), { flow: 8, cost: 3 * 2 + 5 * 5 });
  assert.equal(network.flowOn(cheap), 3);
  assert.equal(network.flowOn(dear), 5);
});

Deno.test("FlowNetwork takes rewarded (negative-cost) arcs before free ones", () => {
  const network = new FlowNetwork(3);
  network.addArc(0, 1, 2, 0);
  const rewarded = network.addArc(1, 2, 1, -10);
  const free = network.addArc(1, 2, 5, 0);
  assert.deepEqual(network.minCostMaxFlow(0, 2), { flow: 2, cost: -10 });
  assert.equal(network.flowOn(rewarded), 1);
  assert.equal(network.flowOn(free), 1);
});

Deno.test("FlowNetwork reroutes earlier flow when that is cheaper overall", () => {
  // The classic trap for greedy routing: the first cheapest path must be undone in part.
  const network = new FlowNetwork(4);
  const a = network.addArc(0, 1, 1, 0);
  const b = network.addArc(0, 2, 1, 0);
  const ab = network.addArc(1, 2, 1, 0);
  network.addArc(1, 3, 1, 10);
  network.addArc(2, 3, 1, 0);
  assert.deepEqual(network.minCostMaxFlow(0, 3), { flow: 2, cost: 10 });
  assert.equal(network.flowOn(a) + network.flowOn(b), 2);
  assert.equal(network.flowOn(ab), 0);
});

Deno.test("FlowNetwork refuses fractional costs", () => {
  assert.throws(() => new FlowNetwork(2).addArc(0, 1, 1, 0.5), RangeError);
});
