/**
 * The libSQL database (a local file or a server): read through a pool of
 * connections on this thread, written through one connection on a writer thread
 * (`writer_worker.ts`), one transaction at a time, in order.
 *
 * Why a thread: the native driver runs statements synchronously. On the event loop,
 * a batch's SQLite work (b-trees, page I/O, fsync) stalled Kafka fetching and the
 * actors for its whole duration; on its own thread it overlaps with them. And two
 * writing connections in one process would block each other's event loop.
 *
 * Durability: a write is durable across a crash of the process in any case (WAL).
 * Across a power loss only `durable` writes are: they sync at commit
 * (synchronous=FULL). The others (the pipeline's batches, which the event source can
 * replay) skip that sync (synchronous=NORMAL), which is most of a commit's cost.
 *
 * @module
 */
import { type Client, createClient, type InStatement, type ResultSet } from "@libsql/client";
import { redactUrl } from "../config.ts";
import { AtlasError, type ErrorCode } from "../errors.ts";
import { startCheckpointer } from "./checkpointer.ts";
import { migrations } from "./migrations.ts";
import type { WriteResult, WriteStep } from "./write.ts";

type Reply = { id: number; results: WriteResult[] } | {
  id: number;
  error: { message: string; guard?: { code: ErrorCode; message: string; details?: unknown } };
};

/** The database handle every repository takes. */
export class Database {
  readonly #pending = new Map<number, PromiseWithResolvers<WriteResult[]>>();
  #next = 0;

  private constructor(
    private readonly reader: Client,
    private readonly writer: Worker,
    private readonly stopCheckpointer: () => void,
  ) {
    writer.onmessage = ({ data }: MessageEvent<Reply>) => {
      const pending = this.#pending.get(data.id);
      if (!pending) return;
      this.#pending.delete(data.id);
      if ("results" in data) pending.resolve(data.results);
      else pending.reject(writeError(data.error));
    };
  }

  /** Opens the database at `url`: the reader pool, the writer thread, the checkpointer. */
  static async open(url: string, authToken: string | undefined, local: boolean): Promise<Database> {
    const writer = new Worker(new URL("./writer_worker.ts", import.meta.url), { type: "module" });
    const opened = Promise.withResolvers<void>();
    writer.onmessage = ({ data }) => (data.opened ? opened.resolve() : opened.reject(new Error(data.openError)));
    writer.postMessage({ open: { url, local, ...(authToken && { authToken }) } });
    try {
      await opened.promise;
    } catch (error) {
      writer.terminate();
      throw error;
    }
    const options = { url, timeout: 5_000, ...(authToken && { authToken }) };
    return new Database(createClient(options), writer, local ? startCheckpointer(url) : () => {});
  }

  /** A read: runs at once, beside any write (WAL). */
  read(statement: InStatement): Promise<ResultSet> {
    return this.reader.execute(statement).catch(storeError);
  }

  /**
   * Runs `steps` in one transaction on the writer thread, after every write sent
   * before; resolves with each statement's result once committed. A guarded step
   * that changes another number of rows rolls the whole write back with its error.
   * Writes of one `chain` stop at the first failure: the later ones are refused.
   */
  write(steps: readonly WriteStep[], options: { durable?: boolean; chain?: number } = {}): Promise<WriteResult[]> {
    const id = this.#next++;
    const pending = Promise.withResolvers<WriteResult[]>();
    this.#pending.set(id, pending);
    this.writer.postMessage({ id, steps, durable: options.durable ?? false, chain: options.chain });
    return pending.promise;
  }

  /** Closes the connections and stops the threads; writes still running are lost (not committed). */
  close(): void {
    this.stopCheckpointer();
    this.writer.terminate();
    this.reader.close();
    for (const pending of this.#pending.values()) pending.reject(new AtlasError("E7400", "the database was closed"));
    this.#pending.clear();
  }
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
  let db: Database | undefined;
  try {
    db = await Database.open(url, authToken, path !== undefined);
    await migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw new AtlasError("E7400", `cannot open the database at ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
      retryable: true,
    });
  }
}

async function migrate(db: Database): Promise<void> {
  await db.write([
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
  ]);
  const result = await db.read("SELECT coalesce(max(version), 0) AS v FROM schema_migrations");
  const current = Number(result.rows[0]?.v ?? 0);
  for (let version = current + 1; version <= migrations.length; version++) {
    // The version's row first: when two processes start on one new file, the second one's
    // claim of a version the first applied is refused before its DDL runs, and it moves on.
    await db.write([
      {
        statement: { sql: "INSERT OR IGNORE INTO schema_migrations VALUES (?, ?)", args: [version, Date.now()] },
        expectRows: 1,
        error: { code: "E7400", message: `migration ${version} was applied by another process`, details: { version } },
      },
      ...migrations[version - 1]!,
    ]).catch((error) => {
      const appliedElsewhere = error instanceof AtlasError &&
        (error.details as { version?: number })?.version === version;
      if (!appliedElsewhere) throw error;
    });
  }
}

/** A guard's own error, or E7400 for what the driver threw; retryable either way. */
function writeError(error: { message: string; guard?: { code: ErrorCode; message: string; details?: unknown } }) {
  return error.guard
    ? new AtlasError(error.guard.code, error.guard.message, { details: error.guard.details, retryable: true })
    : storeFailure(error.message);
}

/** What the driver throws becomes E7400, retryable; our own errors pass through. */
function storeError(error: unknown): never {
  throw error instanceof AtlasError ? error : storeFailure((error as Error).message, error);
}

const storeFailure = (message: string, cause?: unknown) =>
  new AtlasError("E7400", `store: ${message}`, { cause, retryable: true });

/** The file path of a `file:` URL, or undefined for a server. */
export function localPath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}
