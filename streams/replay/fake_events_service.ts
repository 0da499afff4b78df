/**
 * A stand-in for the service's `POST /v1/events`, for tests: it answers as the
 * contract says (202 `{ accepted, duplicates, rejected }`, duplicates by (source,
 * id), 400 listing `details.rejected` when nothing was taken, 401, 413) and records
 * every request. It can be told to be unavailable for the first requests.
 *
 * @module
 */

/** What the fake saw of one request. */
export interface ReceivedRequest {
  contentType: string | null;
  authorization: string | null;
  bytes: number;
  /** The events of the body; empty when it was refused before reading (401, 413, 503). */
  events: { id: string; source: string; type: string }[];
  status: number;
}

/** How the fake behaves; by default it takes everything. */
export interface FakeEventsServiceOptions {
  /** Answer 401 to requests without `Authorization: Bearer <token>`. */
  token?: string;
  /** Answer 413 to bodies larger than this many bytes. @default unlimited */
  maxBodyBytes?: number;
  /** Statuses to answer the first requests with, in order (`[503, 429]`; 429 with Retry-After: 1), before answering normally. */
  failFirst?: number[];
  /** The error of an event the fake rejects; undefined to take it. */
  reject?: (event: { id: string; type: string }) => { code: string; message: string } | undefined;
}

/** Listens on a free port of 127.0.0.1 until disposed (`await using`). */
export class FakeEventsService implements AsyncDisposable {
  readonly requests: ReceivedRequest[] = [];
  readonly url: string;
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #seen = new Set<string>();
  readonly #failFirst: number[];

  constructor(readonly options: FakeEventsServiceOptions = {}) {
    this.#failFirst = [...(options.failFirst ?? [])];
    this.#server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => this.#answer(req));
    this.url = `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** The number of events in each request that reached the intake, in order. */
  get batchSizes(): number[] {
    return this.requests.filter((r) => r.status === 202 || r.status === 400).map((r) => r.events.length);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#server.shutdown();
  }

  async #answer(req: Request): Promise<Response> {
    const body = await req.text();
    const request: ReceivedRequest = {
      contentType: req.headers.get("content-type"),
      authorization: req.headers.get("authorization"),
      bytes: new TextEncoder().encode(body).length,
      events: [],
      status: 0,
    };
    this.requests.push(request);
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      request.status = status;
      return Response.json(json, { status, headers });
    };
    const failure = this.#failFirst.shift();
    if (failure === 429) return answer(429, errorBody("E7700", "slow down"), { "retry-after": "1" });
    if (failure !== undefined) return answer(failure, errorBody("E7402", "not ready"));
    if (this.options.token !== undefined && request.authorization !== `Bearer ${this.options.token}`) {
      return answer(401, errorBody("E7501", "a bearer token is required"));
    }
    if (request.bytes > (this.options.maxBodyBytes ?? Infinity)) {
      return answer(413, errorBody("E7700", `request body exceeds ${this.options.maxBodyBytes} bytes`));
    }
    request.events = JSON.parse(body);
    const rejected = request.events.flatMap((event, index) => {
      const error = this.options.reject?.(event);
      return error ? [{ index, error }] : [];
    });
    const taken = request.events.filter((_, index) => !rejected.some((r) => r.index === index));
    if (taken.length === 0) {
      return answer(400, { error: { code: "E7002", message: "every event was rejected", details: { rejected } } });
    }
    let accepted = 0;
    for (const event of taken) {
      const key = `${event.source}\u0000${event.id}`;
      if (!this.#seen.has(key)) accepted++;
      this.#seen.add(key);
    }
    return answer(202, { accepted, duplicates: taken.length - accepted, rejected });
  }
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
