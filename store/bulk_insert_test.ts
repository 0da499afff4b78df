import assert from "node:assert/strict";
import { type Client, createClient, type InStatement } from "@libsql/client";
import { bulkInsert, existingPairs, type Row } from "./bulk_insert.ts";

const head = "INSERT INTO t (a, b, c)";
const rows = (n: number, start = 0): Row[] =>
  Array.from({ length: n }, (_, i) => [start + i, `row-${start + i}`, (start + i) % 2]);

const sqlOf = (s: InStatement) => (typeof s === "string" ? s : s.sql);
const argsOf = (s: InStatement) => (typeof s === "string" ? [] : s.args as unknown[]);
const placeholders = (sql: string) => sql.match(/\?/g)?.length ?? 0;

/** A libSQL database in a temporary file, removed after `use`. */
async function withDatabase(use: (client: Client) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "atlas-bulk-" });
  const client = createClient({ url: `file:${dir}/bulk.db` });
  try {
    await client.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL, c INTEGER)");
    await use(client);
  } finally {
    client.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("bulkInsert() returns no statement for no rows", () => {
  assert.equal(bulkInsert(head, []), undefined);
});

Deno.test("bulkInsert() binds all rows as one JSON parameter, however many there are", () => {
  for (const n of [1, 400, 401, 20_000]) {
    const statement = bulkInsert(head, rows(n), "ON CONFLICT (a) DO NOTHING")!;
    const sql = sqlOf(statement);
    assert.equal(placeholders(sql), 1, `${n} rows: one placeholder`);
    assert.equal(argsOf(statement).length, 1);
    assert.deepEqual(JSON.parse(argsOf(statement)[0] as string), rows(n), `${n} rows: every row once, in order`);
    assert.ok(sql.startsWith(`${head} SELECT value->>0, value->>1, value->>2 FROM json_each(?)`), sql);
    assert.ok(sql.trimEnd().endsWith("ON CONFLICT (a) DO NOTHING"), "the tail ends the statement");
  }
});

Deno.test("bulkInsert() inserts every row into a real libSQL file, past the old bound-variable limit", async () => {
  await withDatabase(async (client) => {
    // 20 000 rows of 3 values: 60 000 values, more than SQLite's 32 766 bound variables.
    await client.execute(bulkInsert(head, rows(20_000))!);
    const count = await client.execute("SELECT count(*) AS n, min(a) AS lo, max(a) AS hi, sum(c) AS odd FROM t");
    assert.deepEqual({ ...count.rows[0] }, { n: 20_000, lo: 0, hi: 19_999, odd: 10_000 });
  });
});

Deno.test("bulkInsert() keeps types and awkward text intact, and applies an upsert tail", async () => {
  await withDatabase(async (client) => {
    const tail = "ON CONFLICT (a) DO UPDATE SET b = excluded.b";
    const awkward = `it's "quoted", a \\ backslash,\nnewline, ünïcødé 🎉, {"json": [1]}, \\u0000 escaped`;
    await client.execute(bulkInsert(head, [[1, awkward, null], [2, "007", 3], [3, "", -4]], tail)!);
    await client.execute(bulkInsert(head, [[2, "updated", 99], [4, "new", 5]], tail)!);
    const result = await client.execute("SELECT a, b, c, typeof(b) AS tb, typeof(c) AS tc FROM t ORDER BY a");
    assert.deepEqual(result.rows.map((r) => [r.a, r.b, r.c, r.tb, r.tc]), [
      [1, awkward, null, "text", "null"],
      [2, "updated", 3, "text", "integer"],
      [3, "", -4, "text", "integer"],
      [4, "new", 5, "text", "integer"],
    ]);
  });
});

Deno.test("bulkInsert() with INSERT OR IGNORE skips rows already there and repeats within the batch", async () => {
  await withDatabase(async (client) => {
    await client.execute(bulkInsert(head, rows(3))!);
    await client.execute(
      bulkInsert("INSERT OR IGNORE INTO t (a, b, c)", [[1, "dup", 0], [5, "five", 1], [5, "again", 1]])!,
    );
    const result = await client.execute("SELECT a, b FROM t ORDER BY a");
    assert.deepEqual(result.rows.map((r) => [r.a, r.b]), [[0, "row-0"], [1, "row-1"], [2, "row-2"], [5, "five"]]);
  });
});

Deno.test("bulkInsert() stores text containing a NUL character whole", async () => {
  await withDatabase(async (client) => {
    // A dead letter's raw value can hold any bytes; an event id may hold an escaped \u0000.
    const value = "before\u0000after";
    await client.execute(bulkInsert(head, [[1, value, 0]])!);
    // Compared in SQL: the driver itself cuts a text at its first NUL when reading it back.
    const result = await client.execute("SELECT hex(b) AS hex FROM t");
    assert.equal(result.rows[0]!.hex, "6265666F7265" + "00" + "6166746572", "every byte stored");
  });
});

Deno.test("existingPairs() tells apart ids that differ only after a NUL character", async () => {
  await withDatabase(async (client) => {
    await client.execute("CREATE TABLE seen (source TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (source, id))");
    await client.execute(bulkInsert("INSERT INTO seen (source, id)", [["agent://a", "e\u00001"]])!);
    const result = await client.execute(existingPairs("seen", ["source", "id"], [["agent://a", "e\u00002"]]));
    assert.equal(result.rows.length, 0, "a different event is not a duplicate");
  });
});

Deno.test("existingPairs() finds exactly the pairs already in the table", async () => {
  await withDatabase(async (client) => {
    await client.execute("CREATE TABLE seen (source TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (source, id))");
    await client.execute(
      bulkInsert("INSERT INTO seen (source, id)", [["agent://a", "e-1"], ["agent://a", "e-2"], ["agent://b", "e-1"]])!,
    );
    const query = existingPairs("seen", ["source", "id"], [
      ["agent://a", "e-2"],
      ["agent://a", "e-3"],
      ["agent://b", "e-1"],
      ["agent://c", "e-1"],
      ["agent://b", "e-2"],
    ]);
    assert.equal(placeholders(sqlOf(query)), 1);
    const result = await client.execute(query);
    const found = result.rows.map((r) => `${r.a} ${r.b}`).sort();
    assert.deepEqual(found, ["agent://a e-2", "agent://b e-1"]);
  });
});
