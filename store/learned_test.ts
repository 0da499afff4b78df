import assert from "node:assert/strict";
import type { AnalysisResult } from "../learning/analyze.ts";
import { withDatabase } from "../tests/support/temp_database.ts";
import { Learned } from "./learned.ts";

Deno.test("Learned.since() counts what was learned after a time, and its successes, from the index alone", async () => {
  await withDatabase(async (db) => {
    const learned = new Learned(db);
    const result = {} as AnalysisResult;
    for (const [at, outcome] of [[1, "success"], [2, "failure"], [3, "success"], [4, null]] as const) {
      const trajectory = { id: `t${at}`, family: "qa", outcome };
      await db.write(learned.record([{ trajectory, result }], at));
    }
    assert.deepEqual(await learned.since(null), { trajectories: 4, successes: 2 });
    assert.deepEqual(await learned.since(1), { trajectories: 3, successes: 1 });
    assert.deepEqual(await learned.since(4), { trajectories: 0, successes: 0 });
    const plan = await db.read({
      sql: `EXPLAIN QUERY PLAN SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'success') AS ok
            FROM learned_trajectories WHERE learned_at > ?`,
      args: [1],
    });
    assert.match(plan.rows.map((r) => String(r.detail)).join("\n"), /COVERING INDEX learned_trajectories_at/);
  });
});
