import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { openDatabase } from "./database.ts";
import { EventLog } from "./event_log.ts";
import { withDatabase } from "../tests/support/temp_database.ts";

Deno.test("Database.write() commits all statements of a write or none", async () => {
  await withDatabase(async (db) => {
    await db.write(["CREATE TABLE t (a INTEGER PRIMARY KEY)"]);
    await assert.rejects(
      db.write([{ sql: "INSERT INTO t VALUES (?)", args: [1] }, { sql: "INSERT INTO t VALUES (?)", args: [1] }]),
      (error: AtlasError) => error.code === "E7400" && /UNIQUE/.test(error.message),
    );
    assert.equal(Number((await db.read("SELECT count(*) AS n FROM t")).rows[0]!.n), 0, "rolled back");
    const [returning, plain] = await db.write([
      { sql: "INSERT INTO t VALUES (?) RETURNING a", args: [7] },
      { sql: "INSERT INTO t VALUES (?)", args: [8] },
    ]);
    assert.deepEqual(returning!.rows, [{ a: 7 }]);
    assert.equal(plain!.rowsAffected, 1);
  });
});

Deno.test("Database.write() rolls back with the guard's own error when a guarded statement changes another number of rows", async () => {
  await withDatabase(async (db) => {
    await db.write(["CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER)", "INSERT INTO t VALUES (1, 0)"]);
    const guarded = (expected: number) => ({
      statement: { sql: "UPDATE t SET b = b + 1 WHERE a = 1 AND b = ?", args: [expected] },
      expectRows: 1,
      error: { code: "E7403" as const, message: "moved under this process", details: { expected } },
    });
    await db.write([guarded(0)]);
    await assert.rejects(db.write([{ sql: "INSERT INTO t VALUES (2, 0)" }, guarded(0)]), (error: AtlasError) => {
      assert.equal(error.code, "E7403");
      assert.deepEqual(error.details, { expected: 0 });
      return error.retryable;
    });
    assert.equal(Number((await db.read("SELECT count(*) AS n FROM t")).rows[0]!.n), 1, "the insert was rolled back");
  });
});

Deno.test("Database.write() refuses the writes of a chain after one of them failed; other chains go on", async () => {
  await withDatabase(async (db) => {
    await db.write(["CREATE TABLE t (a INTEGER PRIMARY KEY)"]);
    // Sent together, as the pipeline sends batch N+1 before N has committed.
    const first = db.write([{ sql: "INSERT INTO t VALUES (1)" }, { sql: "INSERT INTO nowhere VALUES (1)" }], {
      chain: 1,
    });
    const second = db.write([{ sql: "INSERT INTO t VALUES (2)" }], { chain: 1 });
    const other = db.write([{ sql: "INSERT INTO t VALUES (3)" }], { chain: 2 });
    await assert.rejects(first, /nowhere/);
    await assert.rejects(second, /an earlier write it depends on failed/);
    await other;
    const rows = await db.read("SELECT a FROM t ORDER BY a");
    assert.deepEqual(rows.rows.map((r) => Number(r.a)), [3]);
  });
});

Deno.test("EventLog.append() takes each (source, id) once, across calls and within one", async () => {
  await withDatabase(async (db) => {
    const log = new EventLog(db);
    let wakes = 0;
    log.onAppend(() => wakes++);
    const entry = (id: string) => ({ source: "s", id, key: "k", value: `{"id":"${id}"}` });
    assert.deepEqual(await log.append([entry("a"), entry("b"), entry("a")], 1), [true, true, false]);
    assert.deepEqual(await log.append([entry("b"), entry("c")], 2), [false, true]);
    assert.deepEqual(await log.append([entry("c")], 3), [false]);
    assert.equal(wakes, 2, "readers are woken only when something was appended");
    const records = await log.read(0, 10);
    assert.deepEqual(records.map((r) => r.value), ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}']);
    // Offsets only rise; like Kafka's they may skip (a duplicate spends a sequence number).
    const offsets = records.map((r) => r.position.offset);
    assert.ok(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!), `${offsets}`);
    assert.equal(await log.end(), offsets.at(-1)! + 1);
    assert.deepEqual((await log.read(offsets[1]! + 1, 10)).map((r) => r.value), ['{"id":"c"}']);
  });
});

Deno.test("two processes opening one new file at once both migrate it, once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atlas-migrate-" });
  try {
    const [a, b] = await Promise.all([openDatabase(`file:${dir}/atlas.db`), openDatabase(`file:${dir}/atlas.db`)]);
    const versions = await a.read("SELECT count(*) AS n, max(version) AS v FROM schema_migrations");
    assert.equal(Number(versions.rows[0]!.n), Number(versions.rows[0]!.v), "each version recorded once");
    a.close();
    b.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
