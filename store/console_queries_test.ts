/**
 * The store queries the console reads: throughput by minute (events applied,
 * trajectories opened and closed), pruned concepts, and searches that are only a look
 * (not counted as retrievals, which pruning reads), and the agents' searches by minute.
 */
import assert from "node:assert/strict";
import type { Concept } from "../learning/concepts/concept.ts";
import { withDatabase } from "../tests/support/temp_database.ts";
import { Concepts } from "./concepts.ts";
import { Dedupe } from "./dedupe.ts";
import { pruneSearches } from "./memory_records.ts";
import { Strategies } from "./strategies.ts";
import { Trajectories, type TrajectoryWrite } from "./trajectories.ts";

const minute = 60_000;
const t0 = 1_000 * minute;

Deno.test("Dedupe.perMinute() counts the events applied in each minute since a time", async () => {
  await withDatabase(async (db) => {
    const dedupe = new Dedupe(db);
    await db.write([dedupe.record([{ source: "s", id: "old" }], t0 - minute)!]);
    await db.write([dedupe.record([{ source: "s", id: "a" }, { source: "s", id: "b" }], t0 + 5)!]);
    await db.write([dedupe.record([{ source: "s", id: "c" }], t0 + 2 * minute + 59_999)!]);
    assert.deepEqual(await dedupe.perMinute(t0), [
      { minute: t0, events: 2 },
      { minute: t0 + 2 * minute, events: 1 },
    ]);
  });
});

Deno.test("Trajectories.perMinute() counts openings and closings by minute from the snapshots' times", async () => {
  await withDatabase(async (db) => {
    const trajectories = new Trajectories(db);
    const write = (id: string, openedAt: number, closedAt: number | null): TrajectoryWrite => ({
      id,
      state: closedAt === null ? "active" : "completed",
      outcome: null,
      family: null,
      stepCount: 0,
      lateEvents: 0,
      partition: 0,
      deadline: null,
      snapshot: { value: "active", context: { openedAt, closedAt } },
    });
    const batch = (list: TrajectoryWrite[], at: number) =>
      db.write(trajectories.statements({ trajectories: list, steps: [], late: [] }, at));
    await batch([write("old", t0 - 10 * minute, t0 - 9 * minute)], t0 - 9 * minute);
    await batch([write("a", t0 - minute, t0 + 10), write("b", t0 + 20, null)], t0 + 30);
    await batch([write("c", t0 + 30, t0 + minute + 1)], t0 + minute + 1);
    assert.deepEqual(await trajectories.perMinute(t0), [
      { minute: t0, opened: 2, closed: 1 },
      { minute: t0 + minute, opened: 0, closed: 1 },
    ]);
  });
});

const concept = (id: string, name: string): Concept => ({
  id,
  language: "javascript",
  template: `await ${name}(bot, $1)`,
  holes: 1,
  frequency: 3,
  trajectories: ["t-1", "t-2"],
  examples: [],
  name,
  signature: `(x) => await ${name}(bot, x)`,
  docs: `Calls ${name} with one argument.`,
  foundBy: "text",
});

Deno.test("Concepts: pruned() lists what pruning took out; a search with no time is not counted", async () => {
  await withDatabase(async (db) => {
    const concepts = new Concepts(db);
    await db.write(concepts.upsert([concept("c-1", "mineBlock"), concept("c-2", "craftItem")], t0));
    await db.write(concepts.prune([{ id: "c-2", reason: "never retrieved" }], t0 + 1));
    const pruned = await concepts.pruned(10);
    assert.deepEqual(pruned.map((c) => [c.id, c.pruned?.reason]), [["c-2", "never retrieved"]]);

    assert.equal((await concepts.search("mineBlock", 5, null))[0]?.id, "c-1");
    assert.equal((await concepts.get("c-1"))?.retrievals, 0, "a look is no retrieval");
    await concepts.search("mineBlock", 5, t0 + 2);
    assert.equal((await concepts.get("c-1"))?.retrievals, 1);
  });
});

Deno.test("Strategies.search() with no time ranks as the API does and counts nothing", async () => {
  await withDatabase(async (db) => {
    const strategies = new Strategies(db);
    await db.write(strategies.create(
      {
        id: "s-1",
        family: "qa",
        title: "Search the entity, then verify the claim",
        whenToUse: "claims about a named entity",
        plan: ["Search[entity]", "Finish[answer]"],
        pitfalls: [],
        sourceTrajectories: ["t-1"],
        tasks: ["Paramore is not from Tennessee."],
        signature: "search>finish",
      },
      "rules",
      null,
      t0,
    ));
    const looked = await strategies.search("verify claim", 5, null);
    const retrieved = await strategies.search("verify claim", 5, t0 + 1);
    assert.deepEqual(looked.map((s) => [s.id, s.score]), retrieved.map((s) => [s.id, s.score]));
    assert.equal((await strategies.get("s-1"))?.retrievals, 1, "only the counted search");

    await strategies.search("mine a block", 5, t0 + 2);
    await strategies.search("verify claim", 5, t0 + minute + 1);
    assert.deepEqual(await strategies.searchesByMinute(t0), [
      { minute: t0, searches: 2, hits: 1 },
      { minute: t0 + minute, searches: 1, hits: 1 },
    ], "agents' searches by minute, a miss counted too; the look is not");
    assert.deepEqual(await new Concepts(db).searchesByMinute(t0), [], "each library its own");
    assert.equal(await pruneSearches(db, t0 + minute), 1, "the retention sweep forgets the older minutes");
    assert.deepEqual((await strategies.searchesByMinute(0)).map((m) => m.minute), [t0 + minute]);
  });
});
