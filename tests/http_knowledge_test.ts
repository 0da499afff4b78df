/**
 * What learning produced, as later agents read it: strategies ranked by BM25 for a
 * query (`GET /v1/strategies`) and error patterns by frequency
 * (`GET /v1/error-patterns`). Learning fills the tables; here the test does.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { InValue } from "@libsql/client";
import type { Runtime } from "../runtime.ts";
import { toMatchExpression } from "../store/strategies.ts";
import { httpRuntime } from "./support/http_runtime.ts";

async function insert(runtime: Runtime, sql: string, rows: InValue[][]): Promise<void> {
  await runtime.db.write(rows.map((args) => ({ sql, args })));
}

const strategies: [id: string, title: string, description: string, createdAt: number][] = [
  ["s-search", "Search the exact entity first", "Search the claim's entity by its exact name before looking up.", 1],
  ["s-lookup", "Lookup a keyword in the page", "When the page is long, Lookup the keyword of the claim.", 2],
  ["s-finish", "Finish once evidence is found", "Answer Finish as soon as one sentence supports or refutes.", 3],
  ["s-retry", "Retry a failed search with fewer words", "A query that finds nothing: try again, shorter.", 4],
];

Deno.test("GET /v1/strategies ranks by BM25 for q, or lists the newest without it", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    await insert(
      runtime,
      `INSERT INTO strategies (id, title, description, body, source_trajectories, created_at)
       VALUES (?, ?, ?, '{}', ?, ?)`,
      strategies.map(([id, title, description, at]) => [id, title, description, JSON.stringify([`fever-${at}`]), at]),
    );
    const get = async (query: string) => await (await app.request(`/v1/strategies${query}`)).json();

    const ranked = await get("?q=search");
    assert.deepEqual(ranked.items.map((s: { id: string }) => s.id), ["s-search", "s-retry"]);
    const [best, next] = ranked.items;
    assert.ok(best.score > next.score && next.score > 0);
    assert.deepEqual(
      { ...best, score: 0 },
      {
        id: "s-search",
        title: "Search the exact entity first",
        description: "Search the claim's entity by its exact name before looking up.",
        score: 0,
        sourceTrajectories: ["fever-1"],
      },
    );

    // Any word may match, and FTS5 syntax in q is searched as words, never run: "OR" is
    // the word that puts s-finish ("supports or refutes") ahead.
    const either = await get(`?q=${encodeURIComponent("lookup OR finish")}`);
    assert.deepEqual(either.items.map((s: { id: string }) => s.id), ["s-finish", "s-lookup"]);
    assert.equal((await get("?q=keyword%20evidence")).items.length, 2);
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
    for (const bad of ["k=0", "k=51", "k=two"]) {
      const res = await app.request(`/v1/strategies?${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal((await res.json()).error.code, "E7011", bad);
    }
  } finally {
    await close();
  }
});

Deno.test("toMatchExpression() quotes each distinct word and ORs them", () => {
  assert.equal(toMatchExpression('craft "iron" pickaxe*'), '"craft" OR "iron" OR "pickaxe"');
  assert.equal(toMatchExpression("Tennessee tennessee TENNESSEE"), '"tennessee"');
  assert.equal(toMatchExpression("  ...  "), undefined);
});

Deno.test("GET /v1/error-patterns lists the patterns, most frequent first", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    await insert(
      runtime,
      `INSERT INTO error_patterns (name, signature, frequency, suggested_fix, examples, updated_at)
       VALUES (?, ?, ?, ?, ?, 0)`,
      [
        ["search-miss", "Could not find [*]. Similar: [*]", 41, "Search a listed similar title.", '["fever-2544"]'],
        ["lookup-empty", "No more results.", 97, null, '["fever-3522", "fever-5762"]'],
        ["loop", "same action thrice", 3, "Change the query.", "[]"],
      ],
    );
    const body = await (await app.request("/v1/error-patterns")).json();
    assert.deepEqual(body.items[0], {
      name: "lookup-empty",
      signature: "No more results.",
      frequency: 97,
      suggestedFix: null,
      examples: ["fever-3522", "fever-5762"],
    });
    assert.deepEqual(body.items.map((p: { name: string }) => p.name), ["lookup-empty", "search-miss", "loop"]);
    assert.equal((await (await app.request("/v1/error-patterns?limit=1")).json()).items.length, 1);
    assert.equal((await app.request("/v1/error-patterns?limit=0")).status, 400);
  } finally {
    await close();
  }
});
