/**
 * The libSQL database (a local file or a server): opened, migrated, and with every
 * write serialized through one lock.
 *
 * Why the lock: the native driver runs statements synchronously, so a second
 * connection waiting on a write lock held by an open transaction of this same
 * process blocks the event loop that transaction needs to finish. One writer at a
 * time, in-process, avoids that; reads run beside it (WAL).
 *
 * @module
 */
import { type Client, createClient, type InStatement, type ResultSet, type Transaction } from "@libsql/client";
import { AtlasError } from "../errors.ts";
import { migrations } from "./migrations.ts";

/** The database handle every repository takes. */
export class Database {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(readonly client: Client) {}

  /** A read: runs at once, beside any write (WAL). */
  read(statement: InStatement): Promise<ResultSet> {
    return this.client.execute(statement);
  }

  /** Runs `work` in one write transaction, after every write queued before it. */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const run = async () => {
      const tx = await this.client.transaction("write");
      try {
        const result = await work(tx);
        await tx.commit();
        return result;
      } finally {
        tx.close();
      }
    };
    const result = this.#tail.then(run, run);
    this.#tail = result.catch(() => {});
    return result;
  }

  close(): void {
    this.client.close();
  }
}

/** Opens and migrates the database at `url`; creates the folder of a local file. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const path = localPath(url);
  if (path) {
    const folder = path.replace(/[^/]*$/, "");
    if (folder) await Deno.mkdir(folder, { recursive: true });
  }
  try {
    // `timeout` is the busy timeout (ms) for contention with other processes.
    const db = new Database(createClient({ url, timeout: 5_000, ...(authToken && { authToken }) }));
    if (path) await db.read("PRAGMA journal_mode = WAL");
    await migrate(db);
    return db;
  } catch (error) {
    throw new AtlasError("E7400", `cannot open the database at ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
      retryable: true,
    });
  }
}

async function migrate(db: Database): Promise<void> {
  await db.write((tx) =>
    tx.execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
    )
  );
  const result = await db.read("SELECT coalesce(max(version), 0) AS v FROM schema_migrations");
  const current = Number(result.rows[0]?.v ?? 0);
  for (let version = current + 1; version <= migrations.length; version++) {
    await db.write(async (tx) => {
      for (const sql of migrations[version - 1]!) await tx.execute(sql);
      await tx.execute({ sql: "INSERT INTO schema_migrations VALUES (?, ?)", args: [version, Date.now()] });
    });
  }
}

/** The file path of a `file:` URL, or undefined for a server or memory. */
function localPath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  const path = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  return path === ":memory:" ? undefined : path;
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@");
