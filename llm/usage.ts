/**
 * The token and cost ledger of the LLM client: every billed call, failure and
 * retry, summed by purpose (`credit`, `abstractability`, ...) and overall, for
 * `/v1/stats` and for metrics.
 *
 * @module
 */
import { costUsd, priceOf, prices, type TokenCounts } from "./pricing.ts";

/** One answered (so billed) call. */
export interface UsageEntry extends TokenCounts {
  purpose: string;
  model: string;
}

/** Running totals for one purpose, or for all of them. */
export interface UsageTotals extends TokenCounts {
  /** Calls the provider answered (billed), including answers that failed the schema. */
  calls: number;
  /** Calls that ended in an error: provider errors, exhausted retries, malformed answers. */
  failures: number;
  /** Attempts repeated after a retryable error (a call retried twice counts 2). */
  retries: number;
  costUsd: number;
}

/** What the ledger saw, as it happened: for metrics that follow the ledger. */
export type UsageEvent =
  | { kind: "call"; entry: UsageEntry; costUsd: number }
  | { kind: "failure"; purpose: string; code: string }
  | { kind: "retry"; purpose: string; status: number | null };

/** The ledger as plain JSON. */
export interface UsageSnapshot {
  total: UsageTotals;
  byPurpose: Record<string, UsageTotals>;
  /** Models met that the price table does not know, priced at `defaultPrice`. */
  unpricedModels: string[];
}

export interface UsageLedgerOptions {
  /** @default the table in pricing.ts */
  prices?: typeof prices;
  /** Called after each event is counted. */
  onRecord?: (event: UsageEvent) => void;
}

/** Sums LLM usage and cost by purpose. */
export class UsageLedger {
  readonly #total = emptyTotals();
  readonly #byPurpose = new Map<string, UsageTotals>();
  readonly #unpriced = new Set<string>();
  readonly #prices: typeof prices;
  readonly #onRecord: ((event: UsageEvent) => void) | undefined;

  constructor(options: UsageLedgerOptions = {}) {
    this.#prices = options.prices ?? prices;
    this.#onRecord = options.onRecord;
  }

  /** Counts one billed call; returns its cost in US dollars. */
  record(entry: UsageEntry): number {
    const { price, known } = priceOf(entry.model, this.#prices);
    if (!known) this.#unpriced.add(entry.model);
    const cost = costUsd(entry, price);
    for (const totals of [this.#total, this.#for(entry.purpose)]) add(totals, entry, cost);
    this.#onRecord?.({ kind: "call", entry, costUsd: cost });
    return cost;
  }

  /** Counts a call that ended in an error with `code` (an `E7xxx`). */
  recordFailure(purpose: string, code: string): void {
    this.#total.failures++;
    this.#for(purpose).failures++;
    this.#onRecord?.({ kind: "failure", purpose, code });
  }

  /** Counts one repeated attempt after a retryable error (`status` null: no HTTP answer). */
  recordRetry(purpose: string, status: number | null): void {
    this.#total.retries++;
    this.#for(purpose).retries++;
    this.#onRecord?.({ kind: "retry", purpose, status });
  }

  /** The totals of `purpose`, or of everything. A copy. */
  totals(purpose?: string): UsageTotals {
    if (purpose === undefined) return { ...this.#total };
    return { ...(this.#byPurpose.get(purpose) ?? emptyTotals()) };
  }

  /** Everything as plain JSON, purposes sorted by name, costs rounded to a millionth of a dollar. */
  snapshot(): UsageSnapshot {
    const names = [...this.#byPurpose.keys()].sort();
    return {
      total: rounded(this.#total),
      byPurpose: Object.fromEntries(names.map((name) => [name, rounded(this.#byPurpose.get(name)!)])),
      unpricedModels: [...this.#unpriced].sort(),
    };
  }

  #for(purpose: string): UsageTotals {
    let totals = this.#byPurpose.get(purpose);
    if (!totals) this.#byPurpose.set(purpose, totals = emptyTotals());
    return totals;
  }
}

function emptyTotals(): UsageTotals {
  return {
    calls: 0,
    failures: 0,
    retries: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    costUsd: 0,
  };
}

function rounded(totals: UsageTotals): UsageTotals {
  return { ...totals, costUsd: Math.round(totals.costUsd * 1e6) / 1e6 };
}

function add(totals: UsageTotals, entry: UsageEntry, cost: number): void {
  totals.calls++;
  totals.inputTokens += entry.inputTokens;
  totals.outputTokens += entry.outputTokens;
  totals.cacheCreationInputTokens += entry.cacheCreationInputTokens;
  totals.cacheReadInputTokens += entry.cacheReadInputTokens;
  totals.costUsd += cost;
}
