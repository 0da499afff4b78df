/**
 * The control API over a real runtime (embedded log, libSQL file), in-process with
 * `app.request()`: health and readiness, trajectories read back after the pipeline
 * and the analysis ran, the retry command, stats and metrics. The other
 * `http_*_test.ts` files cover intake, middleware, the event stream, knowledge and
 * the FEVER runs end to end.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import { completed, postEvents, run, started } from "./support/events.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { waitFor } from "./support/wait.ts";

const json = async (res: Response | Promise<Response>) => (await res).json();

/** The trajectory once it is in `state`. */
const reach = (app: Hono, id: string, state: string) =>
  waitFor(async () => {
    const body = await json(app.request(`/v1/trajectories/${id}`));
    return body.state === state && body;
  }, { message: `${id} to be ${state}` });

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

Deno.test("GET /healthz answers while the process lives; /readyz answers 503 E7402 until the pipeline runs", async () => {
  const { app, start, close } = await httpRuntime({ start: false });
  try {
    const health = await app.request("/healthz");
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });

    const notReady = await app.request("/readyz");
    assert.equal(notReady.status, 503);
    assert.equal((await notReady.json()).error.code, "E7402");

    await start();
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: "ready",
      source: "embedded",
      streams: [{ name: "embedded", up: true, reason: null, restarts: 0 }],
    });
  } finally {
    await close();
  }
});

Deno.test("a posted trajectory reaches completed with credit and reads back in full", async () => {
  const { app, close } = await httpRuntime();
  try {
    const posted = await postEvents(app, run("t-1"));
    assert.equal(posted.status, 202);
    assert.deepEqual(await posted.json(), { accepted: 6, duplicates: 0, rejected: [] });

    const detail = await reach(app, "t-1", "completed");
    assert.equal(detail.id, "t-1");
    assert.equal(detail.outcome, "success");
    assert.equal(detail.score, 1);
    assert.equal(detail.task.description, "Paramore is not from Tennessee.");
    assert.deepEqual(detail.agent, { name: "react", model: "text-davinci-002" });
    assert.deepEqual(detail.steps.map((s: { index: number; kind: string }) => [s.index, s.kind]), [
      [0, "thought"],
      [1, "action"],
      [2, "observation"],
      [3, "action"],
    ]);
    assert.equal(detail.stepCount, 4);
    // The simple strategy: the last successful action earned the outcome.
    assert.deepEqual(detail.credit, [{ index: 3, score: 1 }]);
    assert.equal(detail.analysis.strategy, "simple");
    assert.equal(detail.error, null);
    assert.equal(detail.lateEvents, 0);
    assert.match(detail.openedAt, iso);
    assert.match(detail.closedAt, iso);
    assert.match(detail.updatedAt, iso);
    assert.equal(detail.deadline, null);

    const list = await json(app.request("/v1/trajectories"));
    assert.equal(list.nextCursor, null);
    assert.deepEqual(Object.keys(list.items[0]).sort(), [
      "closedAt",
      "id",
      "lateEvents",
      "openedAt",
      "outcome",
      "state",
      "stepCount",
      "task",
      "updatedAt",
    ]);
    assert.equal(list.items[0].id, "t-1");
    assert.equal(list.items[0].stepCount, 4);
  } finally {
    await close();
  }
});

Deno.test("unknown trajectories and routes answer 404 with E7010 and E7012; retrying a completed one 409 E7013", async () => {
  const { app, close } = await httpRuntime();
  try {
    const missing = await app.request("/v1/trajectories/nope");
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "E7010");

    const retryMissing = await app.request("/v1/trajectories/nope/retry", { method: "POST" });
    assert.equal(retryMissing.status, 404);
    assert.equal((await retryMissing.json()).error.code, "E7010");

    const route = await app.request("/v1/nothing-here");
    assert.equal(route.status, 404);
    assert.deepEqual((await route.json()).error, { code: "E7012", message: "no route for GET /v1/nothing-here" });

    await postEvents(app, run("t-done"));
    await reach(app, "t-done", "completed");
    const retry = await app.request("/v1/trajectories/t-done/retry", { method: "POST" });
    assert.equal(retry.status, 409);
    const body = await retry.json();
    assert.equal(body.error.code, "E7013");
    assert.deepEqual(body.error.details, { state: "completed" });
  } finally {
    await close();
  }
});

Deno.test("POST /v1/trajectories/:id/retry runs a failed trajectory's analysis again", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    await postEvents(app, run("t-retry"));
    await reach(app, "t-retry", "completed");
    // No real analysis fails with the simple strategy: store the trajectory as one that did.
    const row = (await runtime.trajectories.get("t-retry"))!;
    const failed = {
      ...row.snapshot,
      value: "failed",
      context: {
        ...row.snapshot.context,
        credit: [],
        analysis: null,
        error: { code: "E7910", message: "analysis failed: provider down" },
      },
    };
    await runtime.db.write(
      runtime.trajectories.statements({
        trajectories: [{ ...row, family: null, deadline: null, state: "failed", snapshot: failed }],
        steps: [],
        late: [],
      }, Date.now()),
    );
    assert.equal((await json(app.request("/v1/trajectories/t-retry"))).state, "failed");

    const retry = await app.request("/v1/trajectories/t-retry/retry", { method: "POST" });
    assert.equal(retry.status, 202);
    const accepted = await retry.json();
    assert.equal(accepted.id, "t-retry");
    assert.equal(accepted.state, "failed");
    assert.match(accepted.command, /^[0-9a-f-]{36}$/, "the id of the retry command event");

    const done = await reach(app, "t-retry", "completed");
    assert.equal(done.error, null);
    assert.deepEqual(done.credit, [{ index: 3, score: 1 }]);
  } finally {
    await close();
  }
});

Deno.test("GET /v1/trajectories filters by state and outcome, pages by cursor, and refuses bad parameters with E7011", async () => {
  const { app, close } = await httpRuntime();
  try {
    await postEvents(app, [...run("t-a"), ...run("t-b").slice(0, -1), completed("t-b", "failure", 0), started("t-c")]);
    await reach(app, "t-a", "completed");
    await reach(app, "t-b", "completed");
    const ids = async (query: string) =>
      (await json(app.request(`/v1/trajectories${query}`))).items.map((i: { id: string }) => i.id);

    assert.deepEqual(await ids(""), ["t-c", "t-b", "t-a"]);
    assert.deepEqual(await ids("?state=completed"), ["t-b", "t-a"]);
    assert.deepEqual(await ids("?state=open"), ["t-c"]);
    assert.deepEqual(await ids("?outcome=failure"), ["t-b"]);
    assert.deepEqual(await ids("?state=completed&outcome=success"), ["t-a"]);
    assert.deepEqual(await ids("?state=&outcome=&limit=&cursor="), ["t-c", "t-b", "t-a"]);

    const first = await json(app.request("/v1/trajectories?limit=2"));
    assert.deepEqual(first.items.map((i: { id: string }) => i.id), ["t-c", "t-b"]);
    assert.equal(typeof first.nextCursor, "string");
    const second = await json(app.request(`/v1/trajectories?limit=2&cursor=${first.nextCursor}`));
    assert.deepEqual(second.items.map((i: { id: string }) => i.id), ["t-a"]);
    assert.equal(second.nextCursor, null);

    for (const bad of ["limit=0", "limit=501", "limit=ten", "state=sleeping", "outcome=maybe", "cursor=bm9wZQ"]) {
      const res = await app.request(`/v1/trajectories?${bad}`);
      assert.equal(res.status, 400, bad);
      const body = await res.json();
      assert.equal(body.error.code, "E7011", bad);
      assert.equal(body.error.details[0].parameter, bad.split("=")[0], bad);
    }
  } finally {
    await close();
  }
});

Deno.test("GET /v1/stats and GET /metrics count what the store holds", async () => {
  const { app, close } = await httpRuntime();
  try {
    await postEvents(app, [...run("t-s"), { specversion: "1.0", id: "x", source: "s", type: "made.up" }]);
    await reach(app, "t-s", "completed");

    const stats = await json(app.request("/v1/stats"));
    assert.deepEqual(stats.trajectories, { total: 1, byState: { completed: 1 }, byOutcome: { success: 1 } });
    assert.equal(stats.lateEvents, 0);
    assert.deepEqual(stats.deadLetters, { total: 1, byCode: { E7004: 1 } });
    assert.equal(stats.pipeline.source, "embedded");
    assert.equal(stats.pipeline.ready, true);
    assert.equal(typeof stats.pipeline.inFlight, "number");
    assert.equal(typeof stats.pipeline.actorsInMemory, "number");
    assert.equal(stats.pipeline.analysisBacklog, 0);
    assert.equal(stats.learning.creditStrategy, "simple");
    assert.equal(stats.learning.patternExtractor, "text");
    assert.deepEqual(stats.learning.notices, [
      "creditStrategy llm needs ANTHROPIC_API_KEY: using simple",
      "patternExtractor both needs ANTHROPIC_API_KEY: using text",
    ]);
    assert.equal(stats.learning.llm, "disabled: no ANTHROPIC_API_KEY (heuristic strategies only)");
    assert.deepEqual(stats.learning.learnedTrajectories, { trajectories: 1, successes: 1 });
    assert.deepEqual(stats.learning.memory.strategies, { active: 1, pruned: 0 });
    assert.equal(stats.learning.batch.state, "idle");
    assert.equal(stats.learning.usage.total.calls, 0);

    const metrics = await app.request("/metrics");
    assert.equal(metrics.status, 200);
    assert.equal(metrics.headers.get("Content-Type"), "text/plain; version=0.0.4");
    const text = await metrics.text();
    assert.match(text, /^# TYPE atlas_trajectories gauge$/m);
    assert.match(text, /^atlas_trajectories\{state="completed"\} 1$/m);
    assert.match(text, /^atlas_dead_letters_stored\{code="E7004"\} 1$/m);
    assert.match(text, /^atlas_analysis_backlog 0$/m);
    assert.match(text, /^atlas_events_applied_total\{type="atlas.trajectory.step"\} 4$/m);
  } finally {
    await close();
  }
});
