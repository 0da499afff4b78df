import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { FakeEventsService } from "./fake_events_service.ts";
import { HttpTarget, type HttpTargetOptions } from "./http_target.ts";
import type { EventLine } from "./target.ts";

/** Events numbered from 1, each on the line of its number. */
function events(count: number, padding = 0): EventLine[] {
  return Array.from({ length: count }, (_, i) => {
    const line = i + 1;
    const data = { trajectoryId: `t-${line % 3}`, outcome: "success", reason: "x".repeat(padding) };
    const text = JSON.stringify({
      specversion: "1.0",
      id: `e-${line}`,
      source: "agent://t",
      type: "atlas.trajectory.completed",
      data,
    });
    return { line, text, key: data.trajectoryId };
  });
}

/** A target whose waits return at once and are recorded. */
function target(url: string, options: Partial<HttpTargetOptions> = {}) {
  const sleeps: number[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  return { target: new HttpTarget({ url: new URL(url), sleep, ...options }), sleeps };
}

async function failure(promise: Promise<unknown>): Promise<AtlasError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AtlasError);
    return error;
  }
  assert.fail("no failure");
}

Deno.test("HttpTarget posts a batch with its content type and token, and reads the answer", async () => {
  await using service = new FakeEventsService({ token: "T" });
  const { target: http } = target(service.url, { token: "T" });
  assert.equal(http.description, `${service.url}/v1/events`);
  assert.deepEqual(await http.send(events(3)), { accepted: 3, duplicates: 0, rejected: [] });
  assert.deepEqual(await http.send(events(4)), { accepted: 1, duplicates: 3, rejected: [] });
  const [first] = service.requests;
  assert.equal(first?.contentType, "application/cloudevents-batch+json");
  assert.equal(first?.authorization, "Bearer T");
  assert.deepEqual(first?.events.map((e) => e.id), ["e-1", "e-2", "e-3"]);
});

Deno.test("HttpTarget takes a URL that already ends in /v1/events", async () => {
  await using service = new FakeEventsService();
  const { target: http } = target(`${service.url}/v1/events`);
  assert.equal(http.description, `${service.url}/v1/events`);
});

Deno.test("HttpTarget names the lines of events the service rejected, in a 202 or a 400", async () => {
  await using service = new FakeEventsService({
    reject: (e) => e.id === "e-2" || e.id === "e-5" ? { code: "E7003", message: `bad ${e.id}` } : undefined,
  });
  const { target: http } = target(service.url);
  assert.deepEqual(await http.send(events(3)), {
    accepted: 2,
    duplicates: 0,
    rejected: [{ line: 2, code: "E7003", message: "bad e-2" }],
  });
  // A batch of which nothing was taken answers 400, listing each event.
  assert.deepEqual(await http.send(events(5).slice(4)), {
    accepted: 0,
    duplicates: 0,
    rejected: [{ line: 5, code: "E7003", message: "bad e-5" }],
  });
});

Deno.test("HttpTarget halves a batch the service finds too large (413), and sends later ones cut", async () => {
  const batch = events(20, 1_000);
  await using service = new FakeEventsService({ maxBodyBytes: 6 * (batch[0]?.text.length ?? 0) });
  const { target: http } = target(service.url);
  assert.deepEqual(await http.send(batch.slice(0, 10)), { accepted: 10, duplicates: 0, rejected: [] });
  assert.deepEqual(service.requests.map((r) => r.status), [413, 202, 202]);
  assert.deepEqual(service.batchSizes, [5, 5]);
  assert.deepEqual(await http.send(batch.slice(10)), { accepted: 10, duplicates: 0, rejected: [] });
  assert.deepEqual(service.batchSizes, [5, 5, 5, 5], "no 413 once the size is known");
  assert.ok(service.requests.every((r) => r.bytes <= (service.options.maxBodyBytes ?? 0) || r.status === 413));
});

Deno.test("HttpTarget rejects (E7700) an event too large on its own, and goes on", async () => {
  const [small, large] = [events(1)[0], events(2, 5_000)[1]];
  assert.ok(small && large);
  await using service = new FakeEventsService({ maxBodyBytes: 2_000 });
  const { target: http } = target(service.url);
  const outcome = await http.send([small, large]);
  assert.equal(outcome.accepted, 1);
  assert.deepEqual(outcome.rejected.map((r) => [r.line, r.code]), [[2, "E7700"]]);
});

Deno.test("HttpTarget waits for an unavailable service with doubling waits, or as Retry-After says", async () => {
  await using service = new FakeEventsService({ failFirst: [503, 502, 429] });
  const { target: http, sleeps } = target(service.url);
  assert.deepEqual(await http.send(events(2)), { accepted: 2, duplicates: 0, rejected: [] });
  assert.deepEqual(sleeps, [250, 500, 1000]);
  assert.deepEqual(service.requests.map((r) => r.status), [503, 502, 429, 202]);
});

Deno.test("HttpTarget gives up on a service that stays unavailable, with E7402", async () => {
  await using service = new FakeEventsService({ failFirst: [503, 503, 503] });
  const { target: http, sleeps } = target(service.url, { attempts: 3 });
  const error = await failure(http.send(events(1)));
  assert.equal(error.code, "E7402");
  assert.match(error.message, /answered 503 \(E7402 not ready\) \(gave up after 3 tries\)$/);
  assert.deepEqual(sleeps, [250, 500]);
});

Deno.test("HttpTarget gives up on a service it cannot reach, with E7402", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const { target: http, sleeps } = target(`http://127.0.0.1:${port}`);
  const error = await failure(http.send(events(1)));
  assert.equal(error.code, "E7402");
  assert.match(error.message, new RegExp(`^cannot reach http://127.0.0.1:${port}/v1/events: .*gave up after 5 tries`));
  assert.equal(sleeps.length, 4);
});

Deno.test("HttpTarget fails at once on 401, saying what to do about the token", async () => {
  await using service = new FakeEventsService({ token: "T" });
  const missing = await failure(target(service.url).target.send(events(1)));
  assert.equal(missing.code, "E7501");
  assert.match(missing.message, /^the service needs a token: pass --token or set ATLAS_API_TOKEN \(POST .* 401/);
  const wrong = await failure(target(service.url, { token: "nope" }).target.send(events(1)));
  assert.match(wrong.message, /^the service refused the token/);
  assert.equal(service.requests.length, 2, "no retry");
});

Deno.test("HttpTarget fails on an answer it does not understand", async () => {
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    return new URL(req.url).pathname === "/odd/v1/events"
      ? Response.json({ ok: true }, { status: 202 })
      : new Response("no such route", { status: 404 });
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const odd = await failure(target(`${base}/odd`).target.send(events(1)));
  assert.equal(odd.code, "E7999");
  assert.match(odd.message, /answered 202 \(\{"ok":true\}\), not \{ accepted, duplicates, rejected \}/);
  const missing = await failure(target(base).target.send(events(1)));
  assert.match(missing.message, /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/events answered 404 \(no such route\)$/);
});
