/**
 * What every request goes through: bearer auth (reads too), the body limit, the access
 * log, and the error handler's answer to an unexpected fault.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createApp } from "../http/app.ts";
import { createLogger } from "../log.ts";
import { postEvents, started } from "./support/events.ts";
import { httpRuntime } from "./support/http_runtime.ts";

const token = "s3cret-token-for-tests";
const errorOf = async (res: Response) => (await res.json()).error;

Deno.test("with ATLAS_API_TOKEN set, every route but the probes needs the bearer token", async () => {
  const { app, close } = await httpRuntime({ env: { ATLAS_API_TOKEN: token } });
  try {
    const none = await postEvents(app, [started("t-1")]);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("WWW-Authenticate"), 'Bearer realm="atlas"');
    assert.deepEqual(await errorOf(none), { code: "E7501", message: "a bearer token is required" });

    for (const authorization of [`Bearer ${token}x`, "Bearer ", `Basic ${btoa(`u:${token}`)}`, token]) {
      const res = await postEvents(app, [started("t-1")], undefined, { Authorization: authorization });
      assert.equal(res.status, 401, authorization);
      assert.equal((await errorOf(res)).code, "E7501", authorization);
    }
    const retry = await app.request("/v1/trajectories/t-1/retry", { method: "POST" });
    assert.equal(retry.status, 401);
    await retry.body?.cancel();

    const ok = await postEvents(app, [started("t-1")], undefined, { Authorization: `Bearer ${token}` });
    assert.equal(ok.status, 202);
    assert.equal((await ok.json()).accepted, 1);
    const scheme = await postEvents(app, [started("t-2")], undefined, { Authorization: `bearer ${token}` });
    assert.equal(scheme.status, 202);
    await scheme.body?.cancel();

    for (const path of ["/healthz", "/readyz", "/metrics"]) {
      const res = await app.request(path);
      assert.equal(res.status, 200, `${path} stays open`);
      await res.body?.cancel();
    }
    for (const path of ["/v1/trajectories", "/v1/stats", "/v1/dead-letters", "/v1/datasets"]) {
      const res = await app.request(path);
      assert.equal(res.status, 401, `${path} is a read: it needs the token too`);
      await res.body?.cancel();
      const authorized = await app.request(path, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(authorized.status, 200, path);
      await authorized.body?.cancel();
    }
  } finally {
    await close();
  }
});

Deno.test("a table over every route of the app: which token opens it (none, read, metrics, API)", async () => {
  const tokens = { api: "api-token-123", read: "read-token-456", metrics: "metrics-token-789" };
  const { app, close } = await httpRuntime({
    env: { ATLAS_API_TOKEN: tokens.api, ATLAS_READ_TOKEN: tokens.read, ATLAS_METRICS_TOKEN: tokens.metrics },
  });
  try {
    const routes = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];
    assert.ok(routes.length >= 40, `the app's routes are all here (${routes.length})`);
    for (const route of routes) {
      const [method, pattern] = route.split(" ") as [string, string];
      // Parameters (with or without a pattern) and wildcards filled in.
      const path = pattern.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "x").replace(/\*/g, "x");
      const status = async (token?: string) => {
        const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
        const res = await app.request(path, { method, headers });
        await res.body?.cancel();
        return res.status;
      };
      // The console's login form and its files: a browser needs them before it has a token.
      if (path === "/login" || path === "/logout" || path.startsWith("/assets/")) {
        const answers = new Set([await status(), await status(tokens.api), await status(tokens.read)]);
        assert.equal(answers.size, 1, `${route} answers alike whatever the token`);
        continue;
      }
      const open = path === "/healthz" || path === "/readyz";
      const metrics = path === "/metrics";
      const read = method === "GET" || method === "HEAD";
      const denied = (s: number) => s === 401 || s === 403;
      assert.equal(denied(await status()), !open, `${route} without a token`);
      assert.equal(denied(await status(tokens.api)), false, `${route} with the API token`);
      assert.equal(denied(await status(tokens.read)), !open && (metrics || !read), `${route} with the read token`);
      assert.equal(denied(await status(tokens.metrics)), !open && !metrics, `${route} with the metrics token`);
    }
    const write = await app.request("/v1/events", {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens.read}` },
    });
    assert.equal(write.status, 403);
    assert.equal((await errorOf(write)).code, "E7504");
  } finally {
    await close();
  }
});

Deno.test("without ATLAS_API_TOKEN, writes need no token", async () => {
  const { app, close } = await httpRuntime();
  try {
    const res = await postEvents(app, [started("t-1")]);
    assert.equal(res.status, 202);
    await res.body?.cancel();
  } finally {
    await close();
  }
});

Deno.test("a body over ATLAS_BODY_LIMIT_BYTES answers 413 E7700, declared or streamed", async () => {
  const { app, close } = await httpRuntime({ env: { ATLAS_BODY_LIMIT_BYTES: "2048", ATLAS_API_TOKEN: token } });
  try {
    const auth = { Authorization: `Bearer ${token}` };
    const big = JSON.stringify([started("t-1", "x".repeat(4096))]);
    const streamed = await postEvents(app, big, undefined, auth);
    assert.equal(streamed.status, 413);
    assert.deepEqual(await errorOf(streamed), {
      code: "E7700",
      message: "request body exceeds 2048 bytes",
      details: { limitBytes: 2048 },
    });
    const declared = await postEvents(app, big, undefined, { ...auth, "Content-Length": String(big.length) });
    assert.equal(declared.status, 413);
    assert.equal((await errorOf(declared)).code, "E7700");

    // Authentication comes first: an unauthenticated upload is refused before it is read.
    const anonymous = await postEvents(app, big);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();

    const small = await postEvents(app, [started("t-1")], undefined, auth);
    assert.equal(small.status, 202);
    await small.body?.cancel();
  } finally {
    await close();
  }
});

Deno.test("the access log has one line per request, with its id, and never the token or the body", async () => {
  const lines: string[] = [];
  const log = createLogger("info", (line) => lines.push(line));
  const { app, close } = await httpRuntime({ log, env: { ATLAS_API_TOKEN: token } });
  try {
    const body = [started("t-secret-body", "a description that must not be logged")];
    const posted = await postEvents(app, body, undefined, { Authorization: `Bearer ${token}`, "X-Request-Id": "r-1" });
    assert.equal(posted.headers.get("X-Request-Id"), "r-1");
    await posted.body?.cancel();
    const missing = await app.request("/v1/trajectories/nope", { headers: { Authorization: `Bearer ${token}` } });
    const generated = missing.headers.get("X-Request-Id");
    await missing.body?.cancel();

    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
    assert.equal(requests.length, 2);
    const [post, get] = requests;
    assert.deepEqual({ ...post, time: "", ms: 0 }, {
      time: "",
      level: "info",
      msg: "request",
      requestId: "r-1",
      method: "POST",
      path: "/v1/events",
      status: 202,
      ms: 0,
    });
    assert.equal(typeof post.ms, "number");
    assert.equal(get.requestId, generated);
    assert.equal(get.status, 404);
    for (const line of lines) {
      assert.ok(!line.includes(token), line);
      assert.ok(!line.includes("must not be logged"), line);
    }
  } finally {
    await close();
  }
});

Deno.test("an unexpected fault answers 500 E7999 without its internals, which go to the log", async () => {
  const lines: string[] = [];
  const log = createLogger("info", (line) => lines.push(line));
  const { runtime, close } = await httpRuntime({ log });
  try {
    const broken = Object.assign(Object.create(runtime.trajectories), {
      get: () => Promise.reject(new Error("SQLITE_IOERR: disk I/O error at /var/lib/atlas.db")),
    });
    const app = createApp({ ...runtime, trajectories: broken });
    const res = await app.request("/v1/trajectories/t-1", { headers: { "X-Request-Id": "r-500" } });
    assert.equal(res.status, 500);
    assert.deepEqual(await errorOf(res), { code: "E7999", message: "internal error (request r-500)" });
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "request failed");
    assert.equal(logged.requestId, "r-500");
    assert.match(logged.error.message, /SQLITE_IOERR/);
  } finally {
    await close();
  }
});
