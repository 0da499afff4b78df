/**
 * The console in-process: every page renders from a real runtime filled with real
 * FEVER trajectories and a dataset → job → model made from real runs; agent text is
 * escaped; the login cookie stands for the token; cookie writes from another origin
 * are refused; the actions change what they say.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import { contentSecurityPolicy } from "../console/mod.ts";
import type { Runtime } from "../runtime.ts";
import { ingest, post } from "./support/api.ts";
import { started, step } from "./support/events.ts";
import { tinyTrainerCommand } from "./support/trainer/fixtures.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

const fever = new URL("../../shared/data/events/fever.events.jsonl", import.meta.url);
const html = { Accept: "text/html" };

async function feverEvents(lines: number): Promise<unknown[]> {
  const text = await Deno.readTextFile(fever);
  return text.split("\n").filter((line) => line.trim()).slice(0, lines).map((line) => JSON.parse(line));
}

/** Upstream runs in, their joins made and extracted: the examples a dataset is built from. */
async function upstream(app: Hono, runtime: Runtime, runsPerFamily: number): Promise<void> {
  const { extraction } = runtime.trainingData;
  // Counted by examples, not joins: trajectories still closing add joins of their own meanwhile.
  const examples = async () => (await runtime.trainingData.counts()).examples.total;
  const before = await examples();
  await ingest(app, await upstreamEventsFromRuns({ limit: runsPerFamily }));
  await waitFor(async () => {
    await extraction.drain();
    return (await examples()) >= before + 2 * runsPerFamily;
  }, { message: "the upstream runs' examples" });
}

async function page(app: Hono, path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await app.request(path, { headers: { ...html, ...headers } });
  const body = await response.text();
  assert.equal(response.status, 200, `${path}: ${body.slice(0, 500)}`);
  assert.equal(response.headers.get("Content-Security-Policy"), contentSecurityPolicy, path);
  assert.match(response.headers.get("Content-Type") ?? "", /text\/html/);
  return body;
}

/** The outcome an action's redirect carries: `done` or `failed` text. */
function outcomeOf(response: Response): { done?: string; failed?: string } {
  assert.equal(response.status, 303);
  return Object.fromEntries(new URL(response.headers.get("Location")!, "http://console").searchParams);
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields).toString(),
});

Deno.test("every console page renders its data from the runtime's stores, escaping what agents sent", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    await ingest(app, await feverEvents(2_000));
    await ingest(app, [
      started("t-xss", "<script>alert('owned')</script> & <b>bold</b>"),
      step("t-xss", 0, "thought", "<img src=x onerror=alert(1)>"),
    ]);
    await waitFor(async () => (await runtime.trajectories.counts()).byState.completed! > 20, {
      message: "completions",
    });
    await waitFor(async () => (await runtime.trajectories.get("t-xss")) !== undefined, { message: "t-xss" });

    await upstream(app, runtime, 30);
    assert.equal((await post(app, "/v1/datasets", { name: "react" })).status, 201);
    const submitted = await (await post(app, "/v1/jobs", { dataset: { name: "react" }, config: { fewShot: 2 } }))
      .json();
    const job = await runtime.training.jobs.settled(submitted.id);
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));

    const overview = await page(app, "/");
    assert.match(overview, /Throughput/);
    assert.match(overview, /Trajectories by state/);
    assert.match(overview, /<svg/);
    assert.match(overview, /data-stream="\/v1\/events\/stream"/);

    const list = await page(app, "/trajectories");
    assert.match(list, /href="\/trajectories\/fever-\d+"/);
    assert.ok(!list.includes("<script>alert"), "a task's markup is escaped in the list");
    assert.match(list, /&lt;script&gt;alert/);
    const filtered = await page(app, "/trajectories?state=completed&outcome=success");
    assert.ok(!filtered.includes("t-xss"));
    const next = /href="(\/trajectories\?[^"]*cursor=[^"]+)"/.exec(await page(app, "/trajectories"))?.[1];
    assert.ok(next, "a next page link");
    await page(app, next.replaceAll("&amp;", "&"));

    const xss = await page(app, "/trajectories/t-xss");
    assert.ok(!xss.includes("<script>alert") && !xss.includes("<img src=x"), "steps and task are escaped");
    assert.match(xss, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(xss, /\/assets\/console\.js/);
    assert.ok(!/<script>[^<]/.test(xss), "no inline script");

    const completed = (await runtime.trajectories.list({ state: "completed", limit: 1 })).items[0]!;
    const detail = await page(app, `/trajectories/${completed.id}`);
    assert.match(detail, /Steps/);
    assert.match(detail, /Analysis/);

    const memory = await page(app, "/memory");
    assert.match(memory, /Strategies/);
    assert.match(memory, /Pruned/);
    await page(app, "/memory?q=search+claim");

    const datasets = await page(app, "/datasets");
    assert.match(datasets, /href="\/datasets\/react\/1\.0\.0"/);
    const version = await page(app, "/datasets/react/1.0.0");
    assert.match(version, /Quality scores by split/);
    assert.match(version, /Rejected by the filter/);
    await page(app, "/datasets/react/latest");

    const jobs = await page(app, "/jobs");
    assert.ok(jobs.includes(job.id));
    const jobPage = await page(app, `/jobs/${job.id}`);
    assert.match(jobPage, /Loss by step/);
    assert.ok(jobPage.includes(job.modelId!));

    const models = await page(app, "/models");
    assert.ok(models.includes(job.modelId!));
    const model = await page(app, `/models/${job.modelId}`);
    assert.match(model, /Lineage/);
    assert.match(model, /Audit log/);

    const missing = await app.request("/trajectories/nope", { headers: html });
    assert.equal(missing.status, 404);
    const missingBody = await missing.text();
    assert.match(missingBody, /E7010/);
    assert.ok(!missingBody.includes("    at "), "no stack trace");
    const badQuery = await app.request("/trajectories?state=bogus", { headers: html });
    assert.equal(badQuery.status, 400);
    assert.match(await badQuery.text(), /E7011/);

    const css = await app.request("/assets/console.css");
    assert.equal(css.status, 200);
    assert.match(await css.text(), /\.chart/);
    const js = await app.request("/assets/console.js");
    assert.match(js.headers.get("Content-Type") ?? "", /javascript/);
    await js.body?.cancel();
    const api404 = await app.request("/v1/nope");
    assert.equal((await api404.json()).error.code, "E7012", "the API's notFound is unchanged");
  } finally {
    await close();
  }
});

Deno.test("the console's actions: run a learning batch, build a dataset, refuse a retry and a promotion with their codes", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    await ingest(app, await feverEvents(600));
    await waitFor(async () => (await runtime.trajectories.counts()).byState.completed! > 3, { message: "completions" });
    const runs = runtime.learning.batch.status().runs;
    const batch = await app.request("/actions/learning-batch", form({ back: "/" }));
    assert.equal(batch.status, 303);
    assert.match(batch.headers.get("Location")!, /^\/\?done=learning\+batch\+/);
    await waitFor(() => runtime.learning.batch.status().runs > runs, { message: "the batch to run" });

    const id = (await runtime.trajectories.list({ limit: 1 })).items[0]!.id;
    const retry = await app.request(`/actions/trajectories/${id}/retry`, form({}));
    assert.equal(retry.status, 303);
    const location = new URL(retry.headers.get("Location")!, "http://x");
    assert.equal(location.pathname, `/trajectories/${id}`);
    assert.match(location.searchParams.get("failed")!, /^E7013: only a failed trajectory/);
    assert.match(await page(app, location.pathname + location.search), /class="notice error"[^>]*>E7013/);

    await upstream(app, runtime, 30);
    const built = await app.request("/actions/datasets", form({ name: "console-set", back: "/datasets" }));
    assert.equal(built.status, 303);
    assert.match(outcomeOf(built).done!, /^built console-set 1\.0\.0: \d+ examples/);
    assert.equal((await runtime.trainingData.datasets.versions("console-set")).length, 1);
    const unnamed = await app.request("/actions/datasets", form({ name: "" }));
    assert.match(outcomeOf(unnamed).failed!, /^E7102/);

    const job = await (await post(app, "/v1/jobs", { dataset: { name: "console-set" }, config: { fewShot: 2 } }))
      .json();
    const trained = await runtime.training.jobs.settled(job.id);
    assert.equal(trained.state, "succeeded", JSON.stringify(trained.error));
    const modelId = trained.modelId!;
    const early = await app.request(`/actions/models/${modelId}/transitions`, form({ to: "staging" }));
    assert.match(outcomeOf(early).failed!, /^E7201: .*validation/);
    await post(app, `/v1/models/${modelId}/validate`, { thresholds: { minMeanScore: 0, caseMinScore: 0 } });
    const staged = await app.request(`/actions/models/${modelId}/transitions`, form({ to: "staging", by: "alice" }));
    assert.equal(outcomeOf(staged).done, `${modelId} is now staging`);
    assert.equal((await runtime.training.registry.get(modelId)).stage, "staging");
  } finally {
    await close();
  }
});

Deno.test("console auth: a browser goes to /login, the cookie stands for the token, cross-origin cookie writes are refused", async () => {
  const tokens = { api: "api-token-for-console", read: "read-token-for-console" };
  const { app, close } = await httpRuntime({ env: { ATLAS_API_TOKEN: tokens.api, ATLAS_READ_TOKEN: tokens.read } });
  try {
    const anonymous = await app.request("/trajectories", { headers: html });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get("Location"), "/login?next=%2Ftrajectories");
    const api = await app.request("/v1/stats", { headers: html });
    assert.equal(api.status, 401, "the API keeps answering 401");
    assert.equal((await api.json()).error.code, "E7501");
    assert.match(await page(app, "/login"), /type="password"/);

    const wrong = await app.request("/login", form({ token: "nope", next: "/" }));
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /not valid/);
    const crossLogin = await app.request("/login", form({ token: tokens.api }, { Origin: "https://evil.example" }));
    assert.equal(crossLogin.status, 403);
    await crossLogin.body?.cancel();

    const login = await app.request("/login", form({ token: tokens.api, next: "/memory" }));
    assert.equal(login.status, 303);
    assert.equal(login.headers.get("Location"), "/memory");
    const setCookie = login.headers.get("Set-Cookie")!;
    assert.match(setCookie, /^atlas_token=api-token-for-console;/);
    for (const attribute of [/HttpOnly/, /SameSite=Strict/, /Path=\//]) assert.match(setCookie, attribute);
    assert.doesNotMatch(setCookie, /Secure/, "not over plain http");
    const cookie = { Cookie: `atlas_token=${tokens.api}` };
    await page(app, "/memory", cookie);
    const stats = await app.request("/v1/stats", { headers: cookie });
    assert.equal(stats.status, 200, "the cookie opens the API too, for the console's own fetches");
    await stats.body?.cancel();
    const offsite = await app.request("/login", form({ token: tokens.api, next: "//evil.example/" }));
    assert.equal(offsite.headers.get("Location"), "/", "never sent to another site");
    await offsite.body?.cancel();

    const forged = await app.request("/trajectories", { headers: { ...html, Cookie: "atlas_token=forged" } });
    assert.equal(forged.status, 303, "a wrong cookie is refused");
    assert.match(forged.headers.get("Location")!, /^\/login/);

    const cross = await app.request("/actions/learning-batch", form({}, { ...cookie, Origin: "https://evil.example" }));
    assert.equal(cross.status, 403);
    assert.equal((await cross.json()).error.code, "E7505");
    const crossSite = await app.request("/v1/learning/batches", {
      method: "POST",
      headers: { ...cookie, "Sec-Fetch-Site": "cross-site" },
    });
    assert.equal(crossSite.status, 403, "the API's writes too, when the cookie authenticates them");
    await crossSite.body?.cancel();
    const noOrigin = await app.request("/actions/learning-batch", form({}, cookie));
    assert.equal(noOrigin.status, 403, "a cookie write that says nothing of its origin is refused");
    await noOrigin.body?.cancel();
    const same = await app.request(
      "/actions/learning-batch",
      form({}, { ...cookie, "Sec-Fetch-Site": "same-origin", Origin: "http://localhost" }),
    );
    assert.equal(same.status, 303);
    const bearer = await app.request("/actions/learning-batch", form({}, { Authorization: `Bearer ${tokens.api}` }));
    assert.equal(bearer.status, 303, "a bearer header is no CSRF risk");

    const reader = { Cookie: `atlas_token=${tokens.read}`, "Sec-Fetch-Site": "same-origin" };
    await page(app, "/", reader);
    const readWrite = await app.request("/actions/learning-batch", form({}, reader));
    assert.equal(readWrite.status, 403);
    assert.equal((await readWrite.json()).error.code, "E7504");

    const logout = await app.request("/logout", { method: "POST" });
    assert.equal(logout.status, 303);
    assert.match(logout.headers.get("Set-Cookie")!, /atlas_token=;.*Max-Age=0/);
  } finally {
    await close();
  }
});

Deno.test("a job's page draws the loss curve its trainer reported, one point a step", async () => {
  const { app, runtime, close } = await httpRuntime({
    env: { ATLAS_TRAINER_COMMAND: JSON.stringify(tinyTrainerCommand), ATLAS_JOB_TICK_MS: "50" },
  });
  try {
    await upstream(app, runtime, 20);
    assert.equal((await post(app, "/v1/datasets", { name: "react" })).status, 201);
    const submitted = await (await post(app, "/v1/jobs", {
      dataset: { name: "react" },
      config: { backend: "command", epochs: 2, batchSize: 4 },
    })).json();
    const job = await runtime.training.jobs.settled(submitted.id);
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    assert.ok(job.lossHistory.length >= 4, `${job.lossHistory.length} losses reported`);

    const body = await page(app, `/jobs/${job.id}`);
    const chart = /<svg[^>]*aria-label="Loss by step[^"]*"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? "";
    assert.ok(chart, "the loss chart is drawn");
    assert.equal((chart.match(/<circle/g) ?? []).length, job.lossHistory.length, "a point for each reported step");
    const last = job.lossHistory.at(-1)!;
    assert.match(chart, new RegExp(`loss · ${last.step}: `), "the last step's point says its loss");
  } finally {
    await close();
  }
});
