/**
 * The writer thread: owns the one connection that writes, runs each write (a list of
 * statements) in one transaction, in arrival order, and answers with the results.
 * SQLite's work (b-trees, page I/O, fsync) runs here, beside the event loop that
 * reads Kafka and runs the actors, not on it.
 *
 * Writes may form a chain (`chain`: a number the sender picks): once one write of a
 * chain fails, every later write of that chain is refused unexecuted. The pipeline
 * sends batch N+1 before N has committed; N+1 was computed on top of N, so it must
 * not commit without it.
 *
 * Messages in: `{ open: { url, authToken? } }`, then `{ id, steps, durable, chain? }`.
 * Messages out: `{ opened: true }` or `{ openError }`, then `{ id, results }` or `{ id, error }`.
 *
 * @module
 */
import { type Client, createClient, type ResultSet } from "@libsql/client";
import { isGuarded, type WriteResult, type WriteStep } from "./write.ts";

interface Open {
  open: { url: string; authToken?: string; local: boolean };
}
interface Write {
  id: number;
  steps: WriteStep[];
  durable: boolean;
  chain?: number;
}

const scope = globalThis as unknown as {
  onmessage: (event: MessageEvent<Open | Write>) => void;
  postMessage: (message: unknown) => void;
};

let client: Client | undefined;
let local = false;
/** Chains one of whose writes failed. */
const broken = new Set<number>();
// libSQL's calls are promises: queue writes so that one runs after the other.
let tail: Promise<void> = Promise.resolve();

scope.onmessage = ({ data }) => {
  if ("open" in data) {
    tail = tail.then(() => open(data.open)).then(
      () => scope.postMessage({ opened: true }),
      (error) => scope.postMessage({ openError: (error as Error).message }),
    );
    return;
  }
  tail = tail.then(() => write(data)).then(
    (results) => scope.postMessage({ id: data.id, results }),
    (error) => scope.postMessage({ id: data.id, error: toErrorData(error) }),
  );
};

async function open({ url, authToken, local: isLocal }: Open["open"]): Promise<void> {
  local = isLocal;
  // `timeout` is the busy timeout (ms), for contention with other processes.
  client = createClient({ url, timeout: 5_000, concurrency: 1, ...(authToken && { authToken }) });
  if (!local) return;
  // Larger pages and cache: a micro-batch writes megabytes, and 4 KiB pages made a
  // quarter of the pipeline's time pread/pwrite calls (measured: +15% events/s).
  // The page size takes effect only when the file is new.
  await client.execute("PRAGMA page_size = 32768");
  await client.execute("PRAGMA cache_size = -65536");
  await client.execute("PRAGMA journal_mode = WAL");
  // The checkpointer thread keeps the log short; this is only its backstop (~64 MiB).
  await client.execute("PRAGMA wal_autocheckpoint = 2048");
  await client.execute("PRAGMA journal_size_limit = 67108864");
}

async function write({ steps, durable, chain }: Write): Promise<WriteResult[]> {
  if (!client) throw new Error("the writer is not open");
  if (chain !== undefined && broken.has(chain)) throw new Error("an earlier write it depends on failed");
  try {
    return await transaction(client, steps, durable);
  } catch (error) {
    if (chain !== undefined) broken.add(chain);
    throw error;
  }
}

async function transaction(client: Client, steps: WriteStep[], durable: boolean): Promise<WriteResult[]> {
  if (local) await client.execute(`PRAGMA synchronous = ${durable ? "FULL" : "NORMAL"}`);
  const tx = await client.transaction("write");
  try {
    const results: WriteResult[] = [];
    for (const step of steps) {
      const result: ResultSet = await tx.execute(isGuarded(step) ? step.statement : step);
      if (isGuarded(step) && result.rowsAffected !== step.expectRows) throw { guard: step.error };
      const rows = result.rows.map((row) => Object.fromEntries(result.columns.map((name, i) => [name, row[i]])));
      results.push({ rows, rowsAffected: result.rowsAffected });
    }
    await tx.commit();
    return results;
  } finally {
    tx.close();
  }
}

function toErrorData(error: unknown): { guard?: unknown; message: string } {
  if (typeof error === "object" && error !== null && "guard" in error) {
    return { guard: (error as { guard: unknown }).guard, message: "guard failed" };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
