/**
 * The checkpointer's thread (see `checkpointer.ts`): told a database URL, it runs a
 * passive WAL checkpoint at the given interval until terminated.
 *
 * @module
 */
import { createClient } from "@libsql/client";

interface Start {
  url: string;
  intervalMs: number;
}

(globalThis as unknown as { onmessage: (event: MessageEvent<Start>) => void }).onmessage = ({ data }) => {
  const db = createClient({ url: data.url, timeout: 1_000, concurrency: 1 });
  setInterval(() => {
    db.execute("PRAGMA wal_checkpoint(PASSIVE)").catch(() => {
      // Busy or closing: the next round, or the writer's backstop, checkpoints.
    });
  }, data.intervalMs);
};
