import assert from "node:assert/strict";
import { systemClock } from "../clock.ts";
import type { AtlasError } from "../errors.ts";
import { silentLogger } from "../log.ts";
import { pipelineMetrics } from "../metrics/pipeline_metrics.ts";
import { Registry } from "../metrics/registry.ts";
import type { Database } from "../store/database.ts";
import { DeadLetters } from "../store/dead_letters.ts";
import { Dedupe } from "../store/dedupe.ts";
import { Offsets } from "../store/offsets.ts";
import { RecentTrajectories } from "../store/recent_trajectories.ts";
import { Trajectories } from "../store/trajectories.ts";
import { decodeRecord } from "../streams/decode.ts";
import { withDatabase } from "../tests/support/temp_database.ts";
import type { Item } from "./batch_items.ts";
import { BatchApplier } from "./apply_batch.ts";

const events = new URL("../../shared/data/events/", import.meta.url);

/** Every line of every real run, as source records of one partition. */
async function realRecords(): Promise<Item[]> {
  const items: Item[] = [];
  for await (const file of Deno.readDir(events)) {
    if (!file.name.endsWith(".events.jsonl")) continue;
    const lines = (await Deno.readTextFile(new URL(file.name, events))).split("\n").filter((l) => l.trim());
    for (const value of lines) {
      const offset = items.length;
      items.push(
        decodeRecord({ position: { topic: "t", partition: 0, offset }, key: null, value, headers: {}, timestamp: 0 }),
      );
    }
  }
  return items;
}

/** An applier over `db` owning partition 0, with long timers: nothing closes by time during a test. */
async function applierOver(db: Database, recent = new RecentTrajectories(1024 ** 3)): Promise<BatchApplier> {
  const hour = 3_600_000;
  const applier = new BatchApplier({
    db,
    offsets: new Offsets(db, "g", "t"),
    dedupe: new Dedupe(db),
    trajectories: new Trajectories(db),
    recent,
    deadLetters: new DeadLetters(db),
    origin: "embedded",
    clock: systemClock,
    log: silentLogger,
    metrics: pipelineMetrics(new Registry()),
    settings: { inactivityGapMs: hour, closeGraceMs: hour, passivateAfterMs: hour },
    after: {
      stateChanged() {},
      deadlines() {},
      analyze() {},
      committed() {},
      deadLettered() {},
      commitFailed() {},
    },
  });
  await applier.apply([{ kind: "assigned", partitions: [0] }]);
  return applier;
}

/** An event item at `offset` of partition 0. */
const eventAt = (offset: number, event: Record<string, unknown>): Item =>
  decodeRecord({
    position: { topic: "t", partition: 0, offset },
    key: null,
    value: JSON.stringify({ specversion: "1.0", source: "test://applier", ...event }),
    headers: {},
    timestamp: 0,
  });

const started = { type: "atlas.trajectory.started", data: { trajectoryId: "t-1", task: { description: "d" } } };
const step = (index: number) => ({
  type: "atlas.trajectory.step",
  data: { trajectoryId: "t-1", index, kind: "action", content: `act ${index}` },
});

Deno.test("learning takes from memory exactly what it would read back from the store, for every real run", async () => {
  await withDatabase(async (db) => {
    const trajectories = new Trajectories(db);
    const recent = new RecentTrajectories(1024 ** 3);
    const applier = await applierOver(db, recent);
    const records = await realRecords();
    for (let i = 0; i < records.length; i += 700) await applier.apply(records.slice(i, i + 700));
    await applier.flush();

    const ids = [...new Set(records.flatMap((r) => (r.kind === "event" ? [String(r.event.data.trajectoryId)] : [])))];
    const { found, missing } = recent.take(ids);
    assert.ok(found.size > 1_000, `most runs are kept (${found.size} of ${ids.length})`);
    const stored = await trajectories.loadMany([...found.keys()]);
    // Compared as JSON, which the store keeps: a score of -0 comes back as 0.
    for (const [id, trajectory] of found) {
      assert.deepStrictEqual(JSON.parse(JSON.stringify(trajectory)), stored.get(id), id);
    }
    const finished = await db.read({
      sql: "SELECT count(*) AS n FROM trajectories WHERE state IN ('completed', 'failed', 'aborted')",
    });
    assert.equal(missing.length, Number(finished.rows[0]!.n), "only finished runs are not kept");
    assert.equal(recent.size.trajectories, 0, "taken ones leave memory");
  });
});

Deno.test("an unreadable snapshot never stops the stream: the trajectory is rebuilt from its steps, the snapshot kept", async () => {
  await withDatabase(async (db) => {
    const first = await applierOver(db);
    await first.apply([eventAt(0, { id: "e0", ...started }), eventAt(1, { id: "e1", ...step(0) })]);
    await first.apply([eventAt(2, { id: "e2", ...step(1) })]);
    await first.flush();
    await db.write([{ sql: 'UPDATE trajectories SET snapshot = \'{"value": "open", "cont\' WHERE id = \'t-1\'' }]);

    // A new applier, as after a restart: the actor must come back from the store.
    const second = await applierOver(db);
    await second.apply([eventAt(3, { id: "e3", ...step(2) })]);
    await second.apply([
      eventAt(4, { id: "e4", type: "atlas.trajectory.completed", data: { trajectoryId: "t-1", outcome: "success" } }),
    ]);
    await second.flush();
    const row = await new Trajectories(db).get("t-1");
    assert.equal(row?.stepCount, 3, "the stored steps and the new one");
    assert.equal(row?.outcome, "success");
    const letters = await db.read("SELECT origin, key, code, value, reason FROM dead_letters");
    assert.equal(letters.rows.length, 1);
    assert.deepEqual([letters.rows[0]!.origin, letters.rows[0]!.key, letters.rows[0]!.code], ["store", "t-1", "E7405"]);
    assert.equal(letters.rows[0]!.value, '{"value": "open", "cont', "the unreadable snapshot is kept as it was");
    assert.match(String(letters.rows[0]!.reason), /rebuilt from its 2 stored steps/);
  });
});

Deno.test("a process that lost its partition cannot write its actors, even from a batch of timers alone", async () => {
  await withDatabase(async (db) => {
    const zombie = await applierOver(db);
    await zombie.apply([eventAt(0, { id: "e0", ...started }), eventAt(1, { id: "e1", ...step(0) })]);
    await zombie.flush();
    // The partition moves: its new owner applies the next event.
    const owner = await applierOver(db);
    await owner.apply([eventAt(2, { id: "e2", ...step(1) })]);
    await owner.flush();

    await zombie.apply([{ kind: "timeout", trajectoryId: "t-1", partition: 0 }]);
    await assert.rejects(zombie.flush(), (error: AtlasError) => error.code === "E7403");
    const row = await new Trajectories(db).get("t-1");
    assert.equal(row?.stepCount, 2, "the owner's state stands");
  });
});
