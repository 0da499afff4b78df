/**
 * The libSQL database (a local file or a server): opened, migrated, read through a
 * pool of connections and written through one connection, one transaction at a time.
 *
 * Why one writer: the native driver runs statements synchronously, so a second
 * connection waiting on a write lock held by an open transaction of this same
 * process blocks the event loop that transaction needs to finish. Reads run beside
 * the writer (WAL).
 *
 * Durability: a write is durable across a crash of the process in any case (WAL).
 * Across a power loss only `durable` writes are: they sync to disk at commit
 * (synchronous=FULL). The others (the pipeline's batches, which the event source can
 * replay) skip that sync (synchronous=NORMAL), which is most of a commit's cost.
 *
 * @module
 */
import { type Client, createClient, type InStatement, type ResultSet, type Transaction } from "@libsql/client";
import { redactUrl } from "../config.ts";
import { AtlasError } from "../errors.ts";
import { startCheckpointer } from "./checkpointer.ts";
import { migrations } from "./migrations.ts";

/** The database handle every repository takes. */
export class Database {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reader: Client,
    private readonly writer: Client,
    private readonly local: boolean,
    private readonly onClose: () => void = () => {},
  ) {}

  /** A read: runs at once, beside any write (WAL). */
  read(statement: InStatement): Promise<ResultSet> {
    return this.reader.execute(statement).catch(storeError);
  }

  /** Runs `work` in one write transaction, after every write queued before it. */
  write<T>(work: (tx: Transaction) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    const run = async () => {
      if (this.local) await this.writer.execute(`PRAGMA synchronous = ${options.durable ? "FULL" : "NORMAL"}`);
      const tx = await this.writer.transaction("write");
      try {
        const result = await work(tx);
        await tx.commit();
        return result;
      } finally {
        tx.close();
      }
    };
    const result = this.#tail.then(run, run).catch(storeError);
    this.#tail = result.catch(() => {});
    return result;
  }

  close(): void {
    this.onClose();
    this.reader.close();
    this.writer.close();
  }
}

/** What the driver throws becomes E7400, retryable; our own errors pass through. */
function storeError(error: unknown): never {
  if (error instanceof AtlasError) throw error;
  throw new AtlasError("E7400", `store: ${(error as Error).message}`, { cause: error, retryable: true });
}

/** Opens and migrates the database at `url`; creates the folder of a local file. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const path = localPath(url);
  if (path) {
    const folder = path.replace(/[^/]*$/, "");
    if (folder) await Deno.mkdir(folder, { recursive: true });
  }
  if (url === "file::memory:" || url === ":memory:") {
    throw new AtlasError("E7500", "an in-memory database cannot be shared by readers and the writer: use a file");
  }
  try {
    // `timeout` is the busy timeout (ms), for contention with other processes.
    const options = { url, timeout: 5_000, ...(authToken && { authToken }) };
    const writer = createClient({ ...options, concurrency: 1 });
    if (path) {
      // Larger pages and cache: a micro-batch writes megabytes, and 4 KiB pages made a
      // quarter of the pipeline's time pread/pwrite calls (measured: +15% events/s).
      // The page size takes effect only when the file is new.
      await writer.execute("PRAGMA page_size = 32768");
      await writer.execute("PRAGMA cache_size = -65536");
      await writer.execute("PRAGMA journal_mode = WAL");
      // The checkpointer thread keeps the log short; this is only its backstop (~64 MiB).
      await writer.execute("PRAGMA wal_autocheckpoint = 2048");
      await writer.execute("PRAGMA journal_size_limit = 67108864");
    }
    const db = new Database(
      createClient(options),
      writer,
      path !== undefined,
      path ? startCheckpointer(url) : undefined,
    );
    try {
      await migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
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

/** The file path of a `file:` URL, or undefined for a server. */
function localPath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}
