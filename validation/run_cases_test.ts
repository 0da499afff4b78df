import assert from "node:assert/strict";
import { ManualClock } from "../clock.ts";
import type { Candidate } from "./candidate.ts";
import { runCases } from "./run_cases.ts";
import { golden, scriptedCandidate } from "./test_candidates.ts";

Deno.test("runCases() records each answer, its score and the latency on the injected clock", async () => {
  const clock = new ManualClock(5_000);
  const candidate = scriptedCandidate("c", {
    answers: { "question a": "answer a", "question b": "something else" },
    clock,
    latencyMs: (input) => (input === "question a" ? 120 : 340),
  });
  const results = await runCases(candidate, [golden("a"), golden("b")], clock, 1);
  assert.deepEqual(results.map((r) => [r.golden.id, r.answer, r.score, r.latencyMs, r.error]), [
    ["a", "answer a", 1, 120, null],
    ["b", "something else", 0, 340, null],
  ]);
});

Deno.test("runCases() turns a thrown call into a failed case with its message", async () => {
  const clock = new ManualClock();
  const candidate = scriptedCandidate("c", { answers: { "question a": new Error("endpoint down") }, clock });
  const [result] = await runCases(candidate, [golden("a")], clock, 1);
  assert.deepEqual({ ...result, golden: undefined }, {
    golden: undefined,
    answer: "",
    score: 0,
    latencyMs: 100,
    error: "endpoint down",
  });
});

Deno.test("runCases() keeps at most `concurrency` calls in flight and the results in case order", async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: Array<() => void> = [];
  const candidate: Candidate = {
    id: "c",
    answer: (input) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      return new Promise((resolve) => pending.push(() => (inFlight--, resolve(input))));
    },
  };
  const cases = ["a", "b", "c", "d", "e"].map((id) => golden(id));
  let done = false;
  const running = runCases(candidate, cases, new ManualClock(), 2).finally(() => done = true);
  // Answer the calls last-first as they arrive, so completion order differs from case order.
  while (!done) {
    await Promise.resolve();
    pending.pop()?.();
  }
  const results = await running;
  assert.equal(maxInFlight, 2);
  assert.deepEqual(results.map((r) => r.answer), cases.map((c) => c.input));
});
