import assert from "node:assert/strict";
import { systemClock } from "../clock.ts";
import { silentLogger } from "../log.ts";
import { pipelineMetrics } from "../metrics/pipeline_metrics.ts";
import { Registry } from "../metrics/registry.ts";
import { openDatabase } from "../store/database.ts";
import { DeadLetters } from "../store/dead_letters.ts";
import { Dedupe } from "../store/dedupe.ts";
import { Offsets } from "../store/offsets.ts";
import { RecentTrajectories } from "../store/recent_trajectories.ts";
import { Trajectories } from "../store/trajectories.ts";
import { decodeRecord } from "../streams/decode.ts";
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

Deno.test("learning takes from memory exactly what it would read back from the store, for every real run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atlas-applier-" });
  const db = await openDatabase(`file:${dir}/atlas.db`);
  try {
    const trajectories = new Trajectories(db);
    const recent = new RecentTrajectories(1024 ** 3);
    const hour = 3_600_000;
    const applier = new BatchApplier({
      db,
      offsets: new Offsets(db, "g", "t"),
      dedupe: new Dedupe(db),
      trajectories,
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
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
