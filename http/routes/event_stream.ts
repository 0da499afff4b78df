/**
 * `GET /v1/events/stream`: trajectory state changes as Server-Sent Events, live
 * from the moment of connecting (no replay). Each change, once durable, is an
 * `event: state` with an increasing `id` and the change as JSON `data`;
 * `?trajectoryId=` keeps one trajectory's. A comment every 15 s keeps proxies from
 * closing an idle stream.
 *
 * @module
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { filter } from "rxjs";
import type { z } from "zod";
import type { StateChange } from "../../actors/batch_items.ts";
import type { Runtime } from "../../runtime.ts";
import { stateChange, streamQuery } from "../contract/events.ts";
import { parseQuery } from "../query.ts";

const heartbeatMs = 15_000;
/** Frames a client may fall behind by before its stream is closed: memory stays bounded. */
const maxPending = 10_000;

export function eventStreamRoutes(runtime: Runtime): Hono {
  return new Hono().get("/stream", (c) => {
    const { trajectoryId } = parseQuery(c, streamQuery);
    return streamSSE(c, async (stream) => {
      const ended = Promise.withResolvers<void>();
      let id = 0;
      let pending = 0;
      // Changes come synchronously, several at once: each write waits for the one before.
      let written = Promise.resolve();
      const send = (change: StateChange) => {
        if (++pending > maxPending) {
          runtime.log.warn("closing a stream whose client fell behind", { pending });
          return ended.resolve();
        }
        const frame = {
          event: "state",
          id: String(++id),
          data: JSON.stringify(change satisfies z.output<typeof stateChange>),
        };
        written = written.then(() => stream.writeSSE(frame)).finally(() => pending--);
      };
      // Subscribed before the first write, so nothing after the response starts is missed.
      const subscription = runtime.changes
        .pipe(filter((change) => trajectoryId === undefined || change.trajectoryId === trajectoryId))
        .subscribe({
          next: send,
          // The runtime is stopping: end the stream so the server can shut down.
          complete: () => ended.resolve(),
        });
      const heartbeat = setInterval(() => void stream.write(": keep-alive\n\n"), heartbeatMs);
      // A client gone stops costing anything at once, not after its last frame settles.
      stream.onAbort(() => {
        subscription.unsubscribe();
        ended.resolve();
      });
      try {
        await stream.write(": trajectory state changes\n\n");
        await ended.promise;
        // Changes sent just before the runtime stopped still go out before the stream ends.
        await written;
      } finally {
        clearInterval(heartbeat);
        subscription.unsubscribe();
      }
    });
  });
}
