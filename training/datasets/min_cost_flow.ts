/**
 * A small min-cost max-flow: successive shortest paths found with Bellman–Ford, so
 * arcs may cost less than nothing (the split planner rewards filling a quota). The
 * planner's graph has a few nodes per stratum, so the simple algorithm is plenty.
 *
 * Costs must be integers: sums of integers below 2^53 are exact, so no rounding can
 * make a zero-cost cycle look negative and loop the search.
 *
 * @module
 */

/** A directed graph of arcs with capacities and per-unit costs. */
export class FlowNetwork {
  // Arcs live in pairs: arc i and its residual twin i ^ 1.
  readonly #to: number[] = [];
  readonly #capacity: number[] = [];
  readonly #cost: number[] = [];
  readonly #outgoing: number[][];

  constructor(nodes: number) {
    this.#outgoing = Array.from({ length: nodes }, () => []);
  }

  /** Adds an arc and returns its id, for reading its flow afterwards. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isInteger(cost)) throw new RangeError(`arc cost must be an integer, got ${cost}`);
    const id = this.#to.length;
    this.#push(from, to, capacity, cost);
    this.#push(to, from, 0, -cost);
    return id;
  }

  /** The flow an arc carries: what its residual twin could send back. */
  flowOn(arc: number): number {
    return this.#capacity[arc ^ 1] ?? 0;
  }

  /** Sends as much as possible from `source` to `sink`, as cheaply as possible. */
  minCostMaxFlow(source: number, sink: number): { flow: number; cost: number } {
    let flow = 0;
    let cost = 0;
    for (;;) {
      const path = this.#cheapestPath(source, sink);
      if (path === null) return { flow, cost };
      let amount = Infinity;
      for (const arc of path) amount = Math.min(amount, this.#capacity[arc]!);
      for (const arc of path) {
        this.#capacity[arc] = this.#capacity[arc]! - amount;
        this.#capacity[arc ^ 1] = this.#capacity[arc ^ 1]! + amount;
        cost += amount * this.#cost[arc]!;
      }
      flow += amount;
    }
  }

  #push(from: number, to: number, capacity: number, cost: number): void {
    this.#outgoing[from]!.push(this.#to.length);
    this.#to.push(to);
    this.#capacity.push(capacity);
    this.#cost.push(cost);
  }

  /** Bellman–Ford over arcs with room left; the arcs of the path, source first. */
  #cheapestPath(source: number, sink: number): number[] | null {
    const nodes = this.#outgoing.length;
    const distance = new Array<number>(nodes).fill(Infinity);
    const via = new Array<number>(nodes).fill(-1);
    distance[source] = 0;
    for (let round = 0; round < nodes; round++) {
      let changed = false;
      for (let from = 0; from < nodes; from++) {
        const base = distance[from]!;
        if (base === Infinity) continue;
        for (const arc of this.#outgoing[from]!) {
          if (this.#capacity[arc]! <= 0) continue;
          const to = this.#to[arc]!;
          if (base + this.#cost[arc]! < distance[to]!) {
            distance[to] = base + this.#cost[arc]!;
            via[to] = arc;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (distance[sink] === Infinity) return null;
    const path: number[] = [];
    for (let node = sink; node !== source;) {
      const arc = via[node]!;
      path.push(arc);
      node = this.#to[arc ^ 1]!;
    }
    return path.reverse();
  }
}
