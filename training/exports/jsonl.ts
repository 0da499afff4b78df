/**
 * JSON Lines out of an async iterable, as a byte stream: one JSON value per line,
 * each ended by "\n", UTF-8.
 *
 * The stream pulls: a line is asked of the source only when the reader wants a chunk
 * (high-water mark 0), so a slow client slows the export instead of filling memory,
 * and cancelling the stream (a client gone) returns the source, whose `finally`
 * releases what it holds. A source that fails mid-way errors the stream after the
 * whole lines already sent: the output never ends inside a line, but is then short,
 * and only the broken transfer says so.
 *
 * @module
 */

/** `lines` as JSONL bytes, read lazily. */
export function toJsonl(lines: AsyncIterable<unknown>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= lines[Symbol.asyncIterator]();
      try {
        const next = await iterator.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(jsonLine(next.value)));
      } catch (error) {
        // The source may still hold a cursor (a throwing `next` has closed itself); its error is the one to report.
        await iterator.return?.().catch(() => {});
        throw error;
      }
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  }, { highWaterMark: 0 });
}

/** One value as one line; JSON.stringify escapes newlines inside strings, so it stays one. */
function jsonLine(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`a JSONL line must be a JSON value, not ${typeof value}`);
  return json + "\n";
}
