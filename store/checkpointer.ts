/**
 * WAL checkpoints off the event loop. SQLite copies the write-ahead log back into
 * the database file during a commit once the log passes its threshold; with the
 * pipeline's batches that was nearly every commit, on the one thread that also reads
 * Kafka and runs the actors. A worker thread (`checkpoint_worker.ts`) with its own
 * connection checkpoints instead, passively: it never blocks the writer or readers.
 * The writer's own threshold stays as a backstop.
 *
 * @module
 */

/** Starts checkpointing the local database at `url`; call the returned function to stop. */
export function startCheckpointer(url: string, intervalMs = 500): () => void {
  const worker = new Worker(new URL("./checkpoint_worker.ts", import.meta.url), { type: "module" });
  worker.postMessage({ url, intervalMs });
  return () => worker.terminate();
}
