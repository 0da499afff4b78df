/**
 * The knowledge endpoints over a real libSQL file: strategies ranked by BM25 (each
 * retrieval counted), pruned ones out of retrieval but listed with their reason,
 * concepts, and error patterns.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Strategy } from "../learning/strategy.ts";
import { httpRuntime } from "./support/http_runtime.ts";

const strategy = (id: string, title: string, whenToUse: string, createdAt: number): [Strategy, number] => [{
  id,
  family: "fact-verification",
  title,
  whenToUse,
  plan: [],
  pitfalls: [],
  sourceTrajectories: [`fever-${createdAt}`],
  tasks: [],
  signature: `fact-verification|${id}`,
}, createdAt];

const strategies = [
  strategy(
    "s-search",
    "Search the exact entity first",
    "Search the claim's entity by its exact name before looking up.",
    1,
  ),
  strategy("s-lookup", "Lookup a keyword in the page", "When the page is long, Lookup the keyword of the claim.", 2),
  strategy(
    "s-finish",
    "Finish once evidence is found",
    "Answer Finish as soon as one sentence supports or refutes.",
    3,
  ),
  strategy("s-retry", "Retry a failed search with fewer words", "A query that finds nothing: try again, shorter.", 4),
];

Deno.test("GET /v1/strategies ranks by BM25 for q, counts retrievals, and lists the newest without q", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const { strategies: store } = runtime.learning;
    await runtime.db.write(strategies.flatMap(([s, at]) => store.create(s, "rules", { judge: "rules" }, at)));
    const get = async (query: string) => await (await app.request(`/v1/strategies${query}`)).json();

    const ranked = await get("?q=search");
    assert.deepEqual(ranked.items.map((s: { id: string }) => s.id), ["s-search", "s-retry"]);
    const [best, next] = ranked.items;
    assert.ok(best.score > next.score && next.score > 0);
    assert.deepEqual(
      { id: best.id, title: best.title, description: best.description, sourceTrajectories: best.sourceTrajectories },
      {
        id: "s-search",
        title: "Search the exact entity first",
        description: "Search the claim's entity by its exact name before looking up.",
        sourceTrajectories: ["fever-1"],
      },
    );
    assert.equal(best.retrievals, 0, "counted after the answer");
    assert.equal((await (await app.request("/v1/strategies/s-search")).json()).retrievals, 1);

    // FTS5 syntax in q is searched as words, never run.
    const either = await get(`?q=${encodeURIComponent("lookup OR finish")}`);
    assert.deepEqual(either.items.map((s: { id: string }) => s.id).sort(), ["s-finish", "s-lookup"]);
    for (const q of ['"unbalanced', "title:search*", "NEAR(a b", "-)(^", "AND"]) {
      const res = await app.request(`/v1/strategies?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, q);
      await res.body?.cancel();
    }
    assert.deepEqual((await get("?q=%21%21%21")).items, []);

    const newest = await get("");
    assert.deepEqual(newest.items.map((s: { id: string; score: null }) => [s.id, s.score]), [
      ["s-retry", null],
      ["s-finish", null],
      ["s-lookup", null],
      ["s-search", null],
    ]);
    assert.equal((await get("?k=2")).items.length, 2);
    for (const bad of ["k=0", "k=51", "k=two", "status=gone"]) {
      const res = await app.request(`/v1/strategies?${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal((await res.json()).error.code, "E7011", bad);
    }
    assert.equal((await (await app.request("/v1/strategies/nope")).json()).error.code, "E7015");

    // Pruned: out of retrieval, listed with the reason.
    await runtime.db.write(store.prune([{ id: "s-retry", reason: "never-retrieved: 9 days old, seen once" }], 10));
    assert.deepEqual((await get("?q=search")).items.map((s: { id: string }) => s.id), ["s-search"]);
    const pruned = await get("?status=pruned");
    assert.deepEqual(pruned.items.map((s: { id: string; pruned: unknown }) => [s.id, s.pruned]), [
      ["s-retry", { at: 10, reason: "never-retrieved: 9 days old, seen once" }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("learning the same trajectory twice into a strategy counts it once", async () => {
  const { runtime, close } = await httpRuntime();
  try {
    const { strategies: store } = runtime.learning;
    const [s] = strategies[0]!;
    await runtime.db.write(store.create(s, "rules", {}, 1));
    await runtime.db.write(store.create(s, "rules", {}, 2));
    await runtime.db.write(store.reinforce(s.id, "fever-9", 3));
    await runtime.db.write(store.reinforce(s.id, "fever-9", 4));
    const row = await store.get(s.id);
    assert.equal(row?.support, 2);
    assert.deepEqual(row?.sourceTrajectories, ["fever-1", "fever-9"]);
  } finally {
    await close();
  }
});

Deno.test("GET /v1/error-patterns lists the patterns, most frequent first, or by relevance to q", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const pattern = (id: string, name: string, signature: string, frequency: number, suggestedFix: string | null) => ({
      id,
      family: "fact-verification",
      name,
      signature,
      frequency,
      distinctTrajectories: frequency,
      suggestedFix,
      fixSource: suggestedFix ? "trajectory" as const : null,
      examples: [{ trajectoryId: "fever-2544", index: 3, text: "example" }],
    });
    await runtime.db.write(runtime.learning.errorPatterns.replace([
      pattern("p-1", "Search target not found", "Could not find \\[.+?\\]", 41, "Search a listed similar title."),
      pattern("p-2", "No more results", "No more results\\.", 97, null),
      pattern("p-3", "Invalid action", "Invalid action: .+", 3, "Use Finish[SUPPORTS] or Finish[REFUTES]."),
    ], 5));
    const body = await (await app.request("/v1/error-patterns")).json();
    assert.deepEqual(body.items.map((p: { name: string }) => p.name), [
      "No more results",
      "Search target not found",
      "Invalid action",
    ]);
    assert.equal(body.items[0].suggestedFix, null);
    assert.equal(body.items[1].suggestedFix, "Search a listed similar title.");
    assert.equal((await (await app.request("/v1/error-patterns?limit=1")).json()).items.length, 1);
    assert.equal((await app.request("/v1/error-patterns?limit=0")).status, 400);
    const relevant = await (await app.request("/v1/error-patterns?q=invalid%20action")).json();
    assert.equal(relevant.items[0].name, "Invalid action");
  } finally {
    await close();
  }
});
