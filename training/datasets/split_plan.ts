/**
 * How many of a version's additions each stratum gives to each split, so that every
 * split holds within one example of its share (count within the floor and ceiling of
 * ratio · n) in each stratum and overall.
 *
 * No rule can promise both bounds for every sequence of versions once members never
 * move. Take 50/50 over three strata of one member each: whatever was chosen, two
 * strata lean one way and the third the other, overall leaning with the two; a
 * version adding one member to the third stratum must put it where overall is full.
 * What can be promised:
 *
 * - From a balanced start, each stratum's bound alone can always be kept. With three
 *   splits at most one is forced (sits at its floor as the floor rises): were two,
 *   the third would hold at least ratio · (n + 1) + 1, past its ceiling. If none is
 *   forced, counts summing to n lie below targets summing to n + 1, so some split
 *   has room. Induct per addition.
 * - Both bounds hold whenever any placement of the version's additions can keep
 *   them. The bounds are capacities of a transportation problem,
 *
 *     source ─(additions of s)→ stratum s ─(cell quota)→ split k ─(overall quota)→ sink
 *
 *   and a min-cost flow solves it exactly, in integers. (A greedy rule placing one
 *   addition at a time broke the overall bound in about 1 version in 30 of a run
 *   like the randomized test's; the flow in about 1 in 300, each time provably
 *   unavoidable, as a brute-force oracle confirms in the tests.)
 *
 * Quotas are soft so that every case gets the best plan there is: filling a count up
 * to its floor earns a large reward and going past its ceiling costs as much. After
 * removals, or when no placement keeps both bounds, the plan comes as close as the
 * additions allow, and later additions restore the bounds. A stratum's bound weighs
 * more than the overall one (1e8 against 1e5: moving one example changes the overall
 * penalty by at most 2e5) because only that stratum's additions can repair it, while
 * any addition repairs the overall counts. Among equally good plans a small cost (under 100 per
 * count) rounds up the targets with the largest fractional part, leaving each count
 * nearest its target: the most room for later versions.
 *
 * @module
 */
import { FlowNetwork } from "./min_cost_flow.ts";

/** One stratum: how many members each split holds now, and how many arrive. */
export interface StratumLoad {
  existing: readonly number[];
  additions: number;
}

/** The counts a share may have among `n` members: the floor and ceiling of `ratio · n`. */
export function quota(ratio: number, n: number): { lower: number; upper: number } {
  const target = ratio * n;
  // Ratios are floats summing to 1 within 1e-9; a whole target must not round away.
  const slack = 1e-9 * Math.max(1, n);
  const lower = Math.floor(target + slack);
  return { lower, upper: Math.max(lower, Math.ceil(target - slack)) };
}

const cellPenalty = 100_000_000;
const overallPenalty = 100_000;
const roundingCost = 100;

/**
 * For each stratum, how many additions go to each split (indexed like `ratios`).
 *
 * @example
 * planAdditions([{ existing: [0, 0, 0], additions: 10 }], [0.8, 0.1, 0.1]); // [[8, 1, 1]]
 */
export function planAdditions(strata: readonly StratumLoad[], ratios: readonly number[]): number[][] {
  const k = ratios.length;
  const source = 0;
  const splitNode = (j: number) => 1 + strata.length + j;
  const sink = 1 + strata.length + k;
  const network = new FlowNetwork(sink + 1);
  const total = strata.reduce((sum, s) => sum + s.additions, 0);

  const cellArcs = strata.map((stratum, i) => {
    network.addArc(source, 1 + i, stratum.additions, 0);
    const n = stratum.existing.reduce((sum, c) => sum + c, 0) + stratum.additions;
    return ratios.map((ratio, j) =>
      quotaArcs(network, 1 + i, splitNode(j), ratio, n, stratum.existing[j] ?? 0, stratum.additions, cellPenalty)
    );
  });
  const everyone = strata.reduce((sum, s) => sum + s.existing.reduce((a, c) => a + c, 0), 0) + total;
  ratios.forEach((ratio, j) => {
    const held = strata.reduce((sum, s) => sum + (s.existing[j] ?? 0), 0);
    quotaArcs(network, splitNode(j), sink, ratio, everyone, held, total, overallPenalty);
  });

  network.minCostMaxFlow(source, sink);
  return cellArcs.map((row) => row.map((arcs) => arcs.reduce((sum, arc) => sum + network.flowOn(arc), 0)));
}

/**
 * Three parallel arcs that price one quota: up to the floor (rewarded), up to the
 * ceiling (nearly free), and past it (penalised). Returns their ids.
 */
function quotaArcs(
  network: FlowNetwork,
  from: number,
  to: number,
  ratio: number,
  n: number,
  held: number,
  capacity: number,
  penalty: number,
): number[] {
  const { lower, upper } = quota(ratio, n);
  const toLower = Math.max(0, lower - held);
  const toUpper = Math.max(0, upper - Math.max(held, lower));
  const rounding = Math.round(roundingCost * (upper - ratio * n));
  return [
    network.addArc(from, to, toLower, -penalty),
    network.addArc(from, to, toUpper, rounding),
    network.addArc(from, to, capacity, penalty),
  ];
}
