/**
 * A proxy in front of a service that keeps every exchange whole (method, URL,
 * bodies, status, content types), tagged with the number a client last sent to
 * `/__readme__/<n>`: what went over the wire, for tests that drive the service
 * through another program (a shell running curl).
 *
 * @module
 */

export interface Exchange {
  tag: number;
  method: string;
  /** Path and query. */
  url: string;
  requestContentType: string | null;
  /** The CloudEvents binary-mode headers (`ce-*`), when sent. */
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  contentType: string | null;
  body: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  /** Resolves once every answer so far has been read to its end. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function startRecordingProxy(target: string): RecordingProxy {
  const exchanges: Exchange[] = [];
  const pending: Promise<unknown>[] = [];
  let tag = -1;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    const marker = /^\/__readme__\/(\d+)$/.exec(url.pathname);
    if (marker) {
      tag = Number(marker[1]);
      return new Response(null, { status: 204 });
    }
    const requestBody = await request.text();
    const upstream = await fetch(`${target}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      ...(request.method !== "GET" && request.method !== "HEAD" && { body: requestBody }),
      redirect: "manual",
    });
    const exchange: Exchange = {
      tag,
      method: request.method,
      url: `${url.pathname}${url.search}`,
      requestContentType: request.headers.get("content-type"),
      requestHeaders: Object.fromEntries([...request.headers].filter(([name]) => name.startsWith("ce-"))),
      requestBody,
      status: upstream.status,
      contentType: upstream.headers.get("content-type"),
      body: "",
    };
    exchanges.push(exchange);
    if (!upstream.body) return new Response(null, { status: upstream.status, headers: upstream.headers });
    const body = recorded(upstream.body, (text) => (exchange.body = text));
    pending.push(body.done);
    return new Response(body.stream, { status: upstream.status, headers: upstream.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    exchanges,
    async settled() {
      await Promise.allSettled(pending);
    },
    async close() {
      await Promise.allSettled(pending);
      await server.shutdown();
    },
  };
}

/**
 * `source` passed on as it comes (a stream is not held back), its bytes kept for
 * `keep` once it ends or the client stops reading (an endless stream, cut).
 */
function recorded(source: ReadableStream<Uint8Array>, keep: (text: string) => void) {
  const reader = source.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = () => resolve(keep(text + decoder.decode()))));
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) {
        controller.close();
        return finish();
      }
      text += decoder.decode(value, { stream: true });
      controller.enqueue(value);
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return { stream, done };
}
