import assert from "node:assert/strict";
import { type ConceptFacts, pruneConcepts, pruneStrategies, type StrategyFacts } from "./pruning.ts";

const day = 86_400_000;
const now = 100 * day;
const strategy = (id: string, signature: string, extra: Partial<StrategyFacts> = {}): StrategyFacts => ({
  id,
  family: "fact-verification",
  signature: `fact-verification|${signature}`,
  support: 1,
  retrievals: 1,
  createdAt: now - day,
  sourceTrajectories: [`t-${id}`],
  ...extra,
});

Deno.test("pruneStrategies() prunes a strategy whose every source failed, and keeps one with a success", () => {
  const decisions = pruneStrategies(
    [strategy("a", "search>finish"), strategy("b", "search>finish", { sourceTrajectories: ["t-b", "t-c"] })],
    new Set(["t-a", "t-b"]),
    now,
  );
  assert.deepEqual(decisions, [{ id: "a", reason: "failed-source: all 1 source trajectories failed" }]);
});

Deno.test("pruneStrategies() prunes a one-off plan that a well-supported plan covers step for step", () => {
  const dominant = strategy("big", "search>lookup>finish", { support: 40 });
  const decisions = pruneStrategies(
    [
      dominant,
      strategy("sub", "search>finish"),
      strategy("other", "finish>search"),
      strategy("rival", "search>finish", { support: 9, id: "rival" }),
    ],
    new Set(),
    now,
  );
  assert.deepEqual(decisions, [{ id: "sub", reason: "superseded: big covers its plan with 40 trajectories" }]);
});

Deno.test("pruneStrategies() does not supersede across families or without enough support", () => {
  const decisions = pruneStrategies(
    [
      strategy("big", "search>lookup>finish", { support: 4 }),
      strategy("sub", "search>finish"),
      strategy("elsewhere", "search", { family: "web-shopping", signature: "web-shopping|search" }),
    ],
    new Set(),
    now,
  );
  assert.deepEqual(decisions, []);
});

Deno.test("pruneStrategies() prunes an old one-off never retrieved, not a young one or a retrieved one", () => {
  const decisions = pruneStrategies(
    [
      strategy("old", "click", { retrievals: 0, createdAt: now - 8 * day }),
      strategy("young", "click>buy", { retrievals: 0, createdAt: now - 6 * day }),
      strategy("used", "buy", { retrievals: 3, createdAt: now - 30 * day }),
      strategy("popular", "reset", { retrievals: 0, createdAt: now - 30 * day, support: 2 }),
    ],
    new Set(),
    now,
  );
  assert.deepEqual(decisions, [{ id: "old", reason: "never-retrieved: 8 days old, seen once" }]);
});

Deno.test("pruneConcepts() prunes concepts from failed trajectories and rare unused old ones", () => {
  const concept = (id: string, extra: Partial<ConceptFacts>): ConceptFacts => ({
    id,
    retrievals: 0,
    createdAt: now - 30 * day,
    trajectories: ["t1", "t2", "t3"],
    ...extra,
  });
  const decisions = pruneConcepts(
    [
      concept("failed", { trajectories: ["f1", "f2"], retrievals: 2 }),
      concept("rare", { trajectories: ["t1", "t2"] }),
      concept("common", {}),
      concept("rare-but-new", { trajectories: ["t1"], createdAt: now - day }),
    ],
    new Set(["f1", "f2"]),
    now,
  );
  assert.deepEqual(decisions.map((d) => d.id), ["failed", "rare"]);
  assert.match(decisions[1]!.reason, /^never-retrieved: 30 days old, in 2 trajectories$/);
});
