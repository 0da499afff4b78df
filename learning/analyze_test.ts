import assert from "node:assert/strict";
import type { Credit, StepBody } from "../schemas/mod.ts";
import { analyze } from "./analyze.ts";
import { simpleCredit } from "./credit/simple.ts";
import type { CreditStrategy } from "./credit/strategy.ts";
import type { Trajectory } from "./trajectory.ts";

const s = (index: number, kind: StepBody["kind"], content: string): StepBody => ({ index, kind, content });

const trajectory = (steps: StepBody[], outcome: Trajectory["outcome"] = "success"): Trajectory => ({
  id: "t-1",
  task: { description: "find the band's home town" },
  outcome,
  score: 1,
  steps,
});

/** A strategy answering fixed credit, recording what it was asked. */
function fixed(credit: Credit[]): CreditStrategy & { seen: Trajectory[] } {
  const seen: Trajectory[] = [];
  return {
    name: "fixed",
    seen,
    attribute(t) {
      seen.push(t);
      return Promise.resolve(credit);
    },
  };
}

Deno.test("analyze() returns the strategy's credit and names the strategy", async () => {
  const t = trajectory([s(0, "thought", "think"), s(1, "action", "Search[Paramore]")]);
  const strategy = fixed([{ index: 1, score: 1 }]);
  const result = await analyze(t, strategy);
  assert.deepEqual(result.credit, [{ index: 1, score: 1 }]);
  assert.equal(result.analysis.strategy, "fixed");
  assert.deepEqual(result.analysis.keySteps, [1]);
  assert.equal(result.analysis.summary, "success after 2 steps; credit to step 1 (Search[Paramore])");
  assert.deepEqual(strategy.seen, [t]);
});

Deno.test("analyze() orders key steps by score and leaves out steps without credit", async () => {
  const t = trajectory([s(0, "action", "a"), s(1, "action", "b"), s(2, "action", "c"), s(3, "action", "d")], "partial");
  const result = await analyze(
    t,
    fixed([{ index: 0, score: 0.1 }, { index: 1, score: 0 }, { index: 2, score: 0.6 }, { index: 3, score: 0.3 }]),
  );
  assert.deepEqual(result.analysis.keySteps, [2, 3, 0]);
  assert.equal(result.analysis.summary, "partial after 4 steps; credit to step 2 (c), step 3 (d), step 0 (a)");
});

Deno.test("analyze() describes at most three steps and shortens long content to one line", async () => {
  const long = "Search[" + "x".repeat(80) + "]\n  then   more";
  const steps = [s(0, "action", long), s(1, "action", "b"), s(2, "action", "c"), s(3, "action", "d")];
  const result = await analyze(
    trajectory(steps),
    fixed([{ index: 0, score: 0.4 }, { index: 1, score: 0.3 }, { index: 2, score: 0.2 }, { index: 3, score: 0.1 }]),
  );
  assert.deepEqual(result.analysis.keySteps, [0, 1, 2, 3]);
  const excerpt = "Search[" + "x".repeat(50) + "...";
  assert.equal(excerpt.length, 60);
  assert.equal(result.analysis.summary, `success after 4 steps; credit to step 0 (${excerpt}), step 1 (b), step 2 (c)`);
});

Deno.test("analyze() says when no step earned credit", async () => {
  const result = await analyze(trajectory([], null), simpleCredit);
  assert.deepEqual(result.credit, []);
  assert.deepEqual(result.analysis, {
    strategy: "simple",
    keySteps: [],
    summary: "unknown after 0 steps; no step earned credit",
  });
});

Deno.test("analyze() does not reorder the credit it returns", async () => {
  const credit = [{ index: 0, score: 0.2 }, { index: 1, score: 0.8 }];
  const result = await analyze(trajectory([s(0, "action", "a"), s(1, "action", "b")]), fixed(credit));
  assert.deepEqual(result.credit, [{ index: 0, score: 0.2 }, { index: 1, score: 0.8 }]);
});

Deno.test("analyze() passes a strategy's failure on", async () => {
  const failing: CreditStrategy = { name: "llm", attribute: () => Promise.reject(new Error("provider down")) };
  await assert.rejects(analyze(trajectory([s(0, "action", "a")]), failing), /provider down/);
});
