import assert from "node:assert/strict";
import { costUsd, defaultPrice, priceOf } from "./pricing.ts";
import { type UsageEntry, type UsageEvent, UsageLedger } from "./usage.ts";

const call = (purpose: string, tokens: Partial<UsageEntry> = {}): UsageEntry => ({
  purpose,
  model: "claude-sonnet-5",
  inputTokens: 1_000,
  outputTokens: 200,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  ...tokens,
});

Deno.test("UsageLedger sums tokens and cost by purpose and overall", () => {
  const ledger = new UsageLedger();
  const first = ledger.record(call("credit", { cacheCreationInputTokens: 4_000 }));
  const second = ledger.record(call("credit", { cacheReadInputTokens: 4_000 }));
  const third = ledger.record(call("abstractability"));
  const price = priceOf("claude-sonnet-5").price;
  assert.equal(first, costUsd(call("credit", { cacheCreationInputTokens: 4_000 }), price));
  assert.ok(second < first, "a cache read costs less than a cache write");

  const credit = ledger.totals("credit");
  assert.equal(credit.calls, 2);
  assert.equal(credit.inputTokens, 2_000);
  assert.equal(credit.outputTokens, 400);
  assert.equal(credit.cacheCreationInputTokens, 4_000);
  assert.equal(credit.cacheReadInputTokens, 4_000);
  assert.equal(credit.costUsd, first + second);
  assert.equal(ledger.totals().calls, 3);
  assert.equal(ledger.totals().costUsd, first + second + third);
  assert.equal(ledger.totals("never").calls, 0);
});

Deno.test("UsageLedger counts failures and retries and tells onRecord", () => {
  const events: UsageEvent[] = [];
  const ledger = new UsageLedger({ onRecord: (event) => events.push(event) });
  ledger.recordRetry("credit", 429);
  ledger.recordRetry("credit", null);
  ledger.recordFailure("credit", "E7701");
  ledger.record(call("credit"));
  assert.equal(ledger.totals("credit").retries, 2);
  assert.equal(ledger.totals("credit").failures, 1);
  assert.equal(ledger.totals().failures, 1);
  assert.deepEqual(events.map((e) => e.kind), ["retry", "retry", "failure", "call"]);
  assert.deepEqual(events[2], { kind: "failure", purpose: "credit", code: "E7701" });
  const last = events[3]!;
  assert.ok(last.kind === "call" && last.costUsd > 0 && last.entry.purpose === "credit");
});

Deno.test("UsageLedger.snapshot() is plain JSON, purposes sorted, unknown models listed", () => {
  const ledger = new UsageLedger();
  ledger.record(call("credit"));
  ledger.record(call("abstractability", { model: "some-new-model", inputTokens: 1_000_000, outputTokens: 0 }));
  const snapshot = ledger.snapshot();
  assert.deepEqual(Object.keys(snapshot.byPurpose), ["abstractability", "credit"]);
  assert.deepEqual(snapshot.unpricedModels, ["some-new-model"]);
  assert.equal(snapshot.byPurpose.abstractability!.costUsd, defaultPrice.input);
  assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
  // A copy: later calls do not change a snapshot already taken.
  ledger.record(call("credit"));
  assert.equal(snapshot.byPurpose.credit!.calls, 1);
});
