import assert from "node:assert/strict";
import { withDatabase } from "../tests/support/temp_database.ts";
import { ErrorPatterns } from "./error_patterns.ts";

Deno.test("ErrorPatterns.occurrences() gives the newest `limit`, oldest first", async () => {
  await withDatabase(async (db) => {
    const patterns = new ErrorPatterns(db);
    for (const at of [5, 1, 4, 2, 3]) {
      const occurrence = { trajectoryId: `t${at}`, family: "qa", index: 0, text: "Could not find", template: "x" };
      await db.write(patterns.recordOccurrences([occurrence], at));
    }
    const newest = await patterns.occurrences(3);
    assert.deepEqual(newest.map((o) => o.trajectoryId), ["t3", "t4", "t5"]);
    assert.equal((await patterns.occurrences(10)).length, 5);
  });
});
