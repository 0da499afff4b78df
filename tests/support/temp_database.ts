/**
 * A migrated libSQL database in a temporary file, for one test.
 *
 * @module
 */
import { type Database, openDatabase } from "../../store/database.ts";

/** Runs `use` over a new database file, then closes and removes it. */
export async function withDatabase(use: (db: Database) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atlas-db-" });
  const db = await openDatabase(`file:${dir}/atlas.db`);
  try {
    await use(db);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}
