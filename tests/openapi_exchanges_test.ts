/**
 * The OpenAPI document against what the service really answers: real FEVER events and
 * upstream runs go in, then every kind of call (lists, details, knowledge, learning,
 * datasets and their exports, jobs, models, stats, metrics, errors) is checked with
 * `checkExchange`, so the response schemas are true. And the checker itself: it must
 * fail on a wrong body, status, content type, query or route.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import { Signer } from "../models/artifacts/mod.ts";
import { ingest } from "./support/api.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { checkExchange } from "./support/openapi_check.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

type Json = Record<string, unknown>;

/**
 * Calls the app and checks the exchange; answers the parsed body (JSON) or the text.
 * A request made wrong on purpose (`invalid`) must be flagged, and its answer still match.
 */
async function call(
  app: Hono,
  doc: Json,
  method: string,
  url: string,
  body?: unknown,
  type = "application/json",
  invalid = false,
) {
  const requestBody = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const res = await app.request(url, {
    method,
    ...(requestBody !== undefined && { body: requestBody, headers: { "content-type": type } }),
  });
  const text = await res.text();
  const responseContentType = res.headers.get("content-type") ?? "";
  const problems = checkExchange(doc, {
    method,
    url,
    ...(requestBody !== undefined && { requestBody, requestContentType: type }),
    status: res.status,
    responseContentType,
    responseBody: text,
  });
  const ofRequest = (problem: string) => / (query \w+|request body)[/: ]|request content type/.test(problem);
  assert.equal(problems.some(ofRequest), invalid, `${method} ${url}: ${problems.join("; ")}`);
  const ofAnswer = problems.filter((problem) => !ofRequest(problem));
  assert.deepEqual(ofAnswer, [], `${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return {
    status: res.status,
    body: responseContentType.startsWith("application/json") && text ? JSON.parse(text) : text,
  };
}

Deno.test("real answers of every resource match the document", async () => {
  const key = await Signer.generate();
  const { app, runtime, close } = await httpRuntime({ env: { ATLAS_SIGNING_KEY: key.privateKey } });
  try {
    const doc = await (await app.request("/openapi.json")).json() as Json;
    const lines = (await Deno.readTextFile(new URL("../../shared/data/events/fever.events.jsonl", import.meta.url)))
      .trim().split("\n").map((line) => JSON.parse(line) as { data: { trajectoryId: string } });
    const ids = [...new Set(lines.map((e) => e.data.trajectoryId))].slice(0, 12);
    const events = lines.filter((e) => ids.includes(e.data.trajectoryId));
    await call(app, doc, "POST", "/v1/events", events.slice(0, 50), "application/cloudevents-batch+json");
    await call(app, doc, "POST", "/v1/events", events[50], "application/cloudevents+json");
    await ingest(app, events.slice(51));
    await waitFor(async () => (await runtime.trajectories.counts()).byState.completed === ids.length, {
      timeoutMs: 30_000,
      message: "the trajectories to complete",
    });
    // Counted by examples, not joins: the trajectories' own joins are among those too.
    const examplesHeld = async () => (await runtime.trainingData.counts()).examples.total;
    const before = await examplesHeld();
    await ingest(app, await upstreamEventsFromRuns({ limit: 30 }));
    await waitFor(async () => {
      await runtime.trainingData.extraction.drain();
      return (await examplesHeld()) >= before + 60;
    }, { message: "the upstream runs' examples" });

    for (const url of ["/healthz", "/readyz", "/metrics", "/v1/trajectories?limit=3&state=completed", "/v1/stats"]) {
      await call(app, doc, "GET", url);
    }
    const page = (await call(app, doc, "GET", "/v1/trajectories?limit=2")).body;
    await call(app, doc, "GET", `/v1/trajectories?limit=2&cursor=${page.nextCursor}`);
    await call(app, doc, "GET", `/v1/trajectories/${ids[0]}`);
    await call(app, doc, "GET", "/v1/trajectories/nope");
    await call(app, doc, "POST", `/v1/trajectories/${ids[0]}/retry`);
    await call(app, doc, "GET", "/v1/trajectories?limit=0", undefined, undefined, true);

    await call(app, doc, "POST", "/v1/learning/batches");
    await waitFor(() => runtime.learning.batch.status().state === "idle", { message: "the batch" });
    const strategies = (await call(app, doc, "GET", "/v1/strategies?k=3")).body;
    await call(app, doc, "GET", `/v1/strategies/${strategies.items[0].id}`);
    await call(app, doc, "GET", "/v1/strategies?q=verify+a+claim&k=3&family=fact-verification");
    await call(app, doc, "GET", "/v1/strategies?status=pruned");
    await call(app, doc, "GET", "/v1/strategies/nope");
    await call(app, doc, "GET", "/v1/concepts?k=5");
    await call(app, doc, "GET", "/v1/error-patterns?limit=5");
    await call(app, doc, "GET", "/v1/error-patterns?q=Could+not+find");
    await call(app, doc, "GET", "/v1/learning");
    await call(app, doc, "GET", "/v1/learning/config");
    await call(app, doc, "PUT", "/v1/learning/config", { creditStrategy: "counterfactual", minTrajectories: 20 });
    await call(app, doc, "PUT", "/v1/learning/config", { minTrajectories: null });
    await call(app, doc, "PUT", "/v1/learning/config", { minTrajectories: 0 }, undefined, true);
    const runs = (await call(app, doc, "GET", "/v1/learning/batches")).body;
    await call(app, doc, "GET", `/v1/learning/batches/${runs.items[0].id}`);
    await call(app, doc, "GET", "/v1/learning/soar?limit=50");

    const examples = (await call(app, doc, "GET", "/v1/examples?limit=2&minQuality=50")).body;
    await call(app, doc, "GET", `/v1/examples/${examples.items[0].id}`);
    await call(app, doc, "GET", "/v1/examples/joins?status=emitted&limit=3");
    await call(app, doc, "POST", "/v1/datasets", { name: "react", description: "FEVER and WebShop" });
    await call(app, doc, "POST", "/v1/datasets", { name: "react" });
    await call(app, doc, "POST", "/v1/datasets", { name: "x", extra: true }, undefined, true);
    await call(app, doc, "GET", "/v1/datasets");
    await call(app, doc, "GET", "/v1/datasets/react");
    await call(app, doc, "GET", "/v1/datasets/react/versions/latest");
    await call(app, doc, "GET", "/v1/datasets/react/versions/1.0.0/rejections?limit=5");
    await call(app, doc, "GET", "/v1/examples?dataset=react&version=latest&split=train&limit=2");
    for (const format of ["chat", "anthropic", "prompt-completion", "soar", "preference"]) {
      await call(app, doc, "GET", `/v1/datasets/react/versions/1.0.0/export?format=${format}`);
    }
    await call(app, doc, "GET", "/v1/datasets/react/versions/1.0.0/export?format=nope");
    await call(app, doc, "GET", "/v1/datasets/nope");

    const job = (await call(app, doc, "POST", "/v1/jobs", { dataset: { name: "react" }, config: { fewShot: 3 } })).body;
    await runtime.training.jobs.settled(job.id);
    const done = (await call(app, doc, "GET", `/v1/jobs/${job.id}`)).body;
    await call(app, doc, "GET", "/v1/jobs?limit=5");
    await call(app, doc, "POST", `/v1/jobs/${job.id}/cancel`, { reason: "too late" });
    await call(app, doc, "GET", "/v1/jobs/nope");
    const model = done.modelId as string;
    await call(app, doc, "POST", `/v1/models/${model}/validate`, {
      thresholds: { minMeanScore: 0.2, caseMinScore: 0 },
    });
    await call(app, doc, "POST", `/v1/models/${model}/transitions`, { to: "staging", reason: "DEPLOY", by: "alice" });
    await call(app, doc, "POST", `/v1/models/${model}/transitions`, { to: "production" });
    await call(app, doc, "PUT", "/v1/models/aliases/champion", { modelId: model });
    await call(app, doc, "GET", "/v1/models?stage=staging");
    await call(app, doc, "GET", "/v1/models/aliases");
    await call(app, doc, "GET", `/v1/models/${model}`);
    await call(app, doc, "GET", "/v1/models/champion");
    await call(app, doc, "GET", "/v1/models/nope");

    await call(app, doc, "POST", "/v1/events", "{not json", "application/json", true);
    await call(app, doc, "POST", "/v1/events", "[]", "text/plain", true);
    await call(app, doc, "GET", "/v1/dead-letters?limit=5");
    await call(app, doc, "GET", "/openapi.json");
  } finally {
    await close();
  }
});

Deno.test("checkExchange fails on a wrong body, status, content type, query or route", async () => {
  const { app, close } = await httpRuntime({ start: false });
  try {
    const doc = await (await app.request("/openapi.json")).json() as Json;
    const ok = { method: "GET", url: "/healthz", status: 200, responseContentType: "application/json" };
    assert.deepEqual(checkExchange(doc, { ...ok, responseBody: '{"status":"ok"}' }), []);
    assert.equal(checkExchange(doc, { ...ok, responseBody: '{"status":"fine"}' }).length, 1);
    assert.equal(checkExchange(doc, { ...ok, responseBody: '{"status":"ok","extra":1}' }).length, 1);
    assert.match(checkExchange(doc, { ...ok, status: 418, responseBody: "{}" })[0]!, /418 is not documented/);
    assert.match(
      checkExchange(doc, { ...ok, responseContentType: "text/html", responseBody: "" })[0]!,
      /not documented/,
    );
    assert.match(checkExchange(doc, { ...ok, url: "/v1/nope" })[0]!, /no such operation/);

    const page = { items: [], nextCursor: null };
    const list = { method: "GET", status: 200, responseContentType: "application/json", responseBody: page };
    assert.deepEqual(checkExchange(doc, { ...list, url: "/v1/trajectories?limit=5&state=completed" }), []);
    assert.equal(checkExchange(doc, { ...list, url: "/v1/trajectories?limit=900" }).length, 1);
    assert.equal(checkExchange(doc, { ...list, url: "/v1/trajectories?state=sleeping" }).length, 1);
    assert.equal(
      checkExchange(doc, { ...list, url: "/v1/trajectories", responseBody: { items: [{}] } }).length > 1,
      true,
    );

    const error = { error: { code: "E7010", message: "no trajectory t" } };
    const detail = { method: "GET", url: "/v1/trajectories/t", status: 404, responseContentType: "application/json" };
    assert.deepEqual(checkExchange(doc, { ...detail, responseBody: error }), []);
    assert.equal(checkExchange(doc, { ...detail, responseBody: { error: { code: "E0000", message: "" } } }).length, 1);

    const post = { method: "POST", url: "/v1/datasets", status: 201, requestContentType: "application/json" };
    assert.match(checkExchange(doc, { ...post, requestBody: { nam: "x" } }).join("\n"), /request body/);
    const events = { method: "POST", url: "/v1/events", status: 202, responseContentType: "application/json" };
    const taken = { accepted: 1, duplicates: 0, rejected: [] };
    const event = { specversion: "1.0", id: "1", source: "s", type: "atlas.trajectory.step", data: {} };
    for (const type of ["application/cloudevents+json", "application/json"]) {
      assert.deepEqual(
        checkExchange(doc, { ...events, requestContentType: type, requestBody: event, responseBody: taken }),
        [],
      );
    }
    const batch = { ...events, requestContentType: "application/cloudevents-batch+json", responseBody: taken };
    assert.deepEqual(checkExchange(doc, { ...batch, requestBody: [event] }), []);
    assert.equal(checkExchange(doc, { ...batch, requestBody: [] }).length, 1);
    const binary = { ...events, requestContentType: "application/json", requestHeaders: { "ce-specversion": "1.0" } };
    assert.deepEqual(checkExchange(doc, { ...binary, requestBody: { trajectoryId: "t" }, responseBody: taken }), []);

    const jsonl = { method: "GET", url: "/v1/learning/soar", status: 200, responseContentType: "application/x-ndjson" };
    const line = { kind: "sampling", weight: 2, family: null, input: "i", output: "o", source: { trajectoryId: "t" } };
    assert.deepEqual(checkExchange(doc, { ...jsonl, responseBody: `${JSON.stringify(line)}\n` }), []);
    const heavy = `${JSON.stringify({ ...line, weight: 3 })}\n`;
    assert.match(checkExchange(doc, { ...jsonl, responseBody: heavy }).join("\n"), /line 1\/weight/);

    const sse = { method: "GET", url: "/v1/events/stream", status: 200, responseContentType: "text/event-stream" };
    const change = { trajectoryId: "t", from: "open", to: "closed", outcome: null, stepCount: 1, at: 1 };
    const frame = (data: unknown, event = "state") =>
      `: hello\n\nevent: ${event}\nid: 1\ndata: ${JSON.stringify(data)}\n\n`;
    assert.deepEqual(checkExchange(doc, { ...sse, responseBody: frame(change) }), []);
    assert.equal(checkExchange(doc, { ...sse, responseBody: frame({ ...change, stepCount: "1" }) }).length, 1);
    assert.match(checkExchange(doc, { ...sse, responseBody: frame(change, "other") })[0]!, /not documented/);
  } finally {
    await close();
  }
});
