/**
 * Simulated console viewers for `console_bench.ts`: each loops over the main pages
 * with no pause, following the list's newest trajectory to its page, and holds the
 * live stream (`/v1/events/stream`) open as the list page does, counting its frames.
 *
 * @module
 */

/** One page's latencies while the viewers ran. */
export interface PageStats {
  page: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Answers other than 200, with the first of their body. */
  failures: { path: string; status: number; body: string }[];
}

export interface Viewing {
  /** Every viewer's stream is open. */
  started: Promise<void>;
  /** Stops the loops after their current request, closes the streams. */
  stop(): Promise<{ pages: PageStats[]; streamFrames: number[] }>;
}

/** The pages one loop visits, in order; `:id` is the newest trajectory the list shows. */
export const pages = [
  "/",
  "/trajectories",
  "/trajectories/:id",
  "/memory",
  "/memory?q=search",
  "/datasets",
  "/jobs",
  "/models",
] as const;

/** The `q`-th quantile of sorted `values`, nearest rank. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Counts `event: state` lines of an SSE body until it ends or is cancelled. */
async function countFrames(reader: ReadableStreamDefaultReader<Uint8Array>, counted: (n: number) => void) {
  const decoder = new TextDecoder();
  let rest = "";
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      const lines = (rest + decoder.decode(value, { stream: true })).split("\n");
      rest = lines.pop()!;
      counted(lines.filter((line) => line === "event: state").length);
    }
  } catch {
    // cancelled: the viewer left
  }
}

/** Starts `count` viewers on the console at `url`. */
export function viewConsole(url: string, count: number): Viewing {
  const latencies = new Map<string, number[]>(pages.map((p) => [p, []]));
  const failures = new Map<string, PageStats["failures"]>(pages.map((p) => [p, []]));
  const abort = new AbortController();
  const frames = Array.from({ length: count }, () => 0);
  let stopped = false;

  const connect = async () => {
    const response = await fetch(`${url}/v1/events/stream`, {
      signal: abort.signal,
      headers: { Accept: "text/event-stream" },
    });
    if (response.status !== 200 || !response.body) throw new Error(`the stream answered ${response.status}`);
    return response.body.getReader();
  };
  const visit = async (page: string, path: string): Promise<string> => {
    const start = performance.now();
    const response = await fetch(`${url}${path}`, { headers: { Accept: "text/html" } });
    const body = await response.text();
    latencies.get(page)!.push(performance.now() - start);
    if (response.status !== 200) failures.get(page)!.push({ path, status: response.status, body: body.slice(0, 300) });
    return body;
  };
  const loop = async () => {
    let newest: string | undefined;
    while (!stopped) {
      for (const page of pages) {
        if (stopped) break;
        if (page === "/trajectories/:id") {
          if (newest) await visit(page, newest);
        } else {
          const body = await visit(page, page);
          if (page === "/trajectories") newest = /href="(\/trajectories\/[^"?]+)"/.exec(body)?.[1];
        }
      }
    }
  };

  const connected = Array.from({ length: count }, connect);
  const reading = connected.map((body, viewer) => body.then((b) => countFrames(b, (n) => frames[viewer]! += n)));
  let loops: Promise<void>[] = [];
  const started = Promise.all(connected).then(() => {
    loops = Array.from({ length: count }, loop);
  });
  return {
    started,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      // Cancelling the body closes the connection, so the service sees the viewer leave.
      await Promise.all((await Promise.all(connected)).map((reader) => reader.cancel()));
      abort.abort();
      await Promise.all(reading);
      return {
        pages: count === 0 ? [] : pages.map((page) => {
          const sorted = [...latencies.get(page)!].sort((a, b) => a - b);
          return {
            page,
            requests: sorted.length,
            p50Ms: quantile(sorted, 0.5),
            p95Ms: quantile(sorted, 0.95),
            maxMs: sorted.at(-1) ?? 0,
            failures: failures.get(page)!,
          };
        }),
        streamFrames: frames,
      };
    },
  };
}
