/**
 * From a dataset version to a signed model in production, over the API, on a real
 * libSQL file and the embedded log: upstream events made from the real FEVER and
 * WebShop runs become a dataset; `memory` jobs train on it; the models are validated
 * (every stage runs here), moved through their stages under the guards, signed with
 * an Ed25519 key from the config, aliased, and refused once their artifact is
 * tampered with. Then a reward model, and the one-call pipeline over SSE.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { JobView } from "../actors/job/training_jobs.ts";
import { Signer } from "../models/artifacts/mod.ts";
import type { Runtime } from "../runtime.ts";
import { ingest, post, send, sseFrames } from "./support/api.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

/** Real runs in, a first dataset version out. */
async function dataset(app: Hono, runtime: Runtime, runsPerFamily: number): Promise<void> {
  await ingest(app, await upstreamEventsFromRuns({ limit: runsPerFamily }));
  const { joins, extraction } = runtime.trainingData;
  await waitFor(async () => (await joins.counts()).pending === 2 * runsPerFamily, { message: "the joins" });
  await extraction.drain();
  assert.equal((await post(app, "/v1/datasets", { name: "react" })).status, 201);
}

async function train(app: Hono, runtime: Runtime, config: Record<string, unknown> = {}): Promise<JobView> {
  const response = await post(app, "/v1/jobs", { dataset: { name: "react" }, config });
  assert.equal(response.status, 201, await response.clone().text());
  const queued = await response.json() as JobView;
  await runtime.training.jobs.settled(queued.id);
  return await (await app.request(`/v1/jobs/${queued.id}`)).json() as JobView;
}

/** The states in the order they were entered: a repeated view (progress within a state) counts once. */
function entered(states: string[]): string[] {
  return states.filter((state, i) => state !== states[i - 1]);
}

const lenient = { thresholds: { minMeanScore: 0.2, caseMinScore: 0 } };

async function expectError(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.error.code, code, JSON.stringify(body));
  return body.error;
}

Deno.test("memory models: trained, validated, promoted under their guards, signed, aliased, refused when tampered", async () => {
  const key = await Signer.generate();
  const { app, runtime, close } = await httpRuntime({ env: { ATLAS_SIGNING_KEY: key.privateKey } });
  try {
    await dataset(app, runtime, 100);
    const job = await train(app, runtime, { fewShot: 3 });
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    assert.equal(job.type, "sft");
    assert.equal(job.backend, "memory");
    assert.ok(job.examples!.train > 50, `${job.examples!.train} training examples`);
    assert.equal(job.progress?.step, job.examples!.train, "progress counts the rows compiled");
    assert.ok(job.metrics!.valCases! > 0 && job.metrics!.valScore! > 0);
    const v1 = job.modelId!;
    assert.equal(v1, "react-sft-v1");

    const registered = await (await app.request(`/v1/models/${v1}`)).json();
    assert.equal(registered.stage, "development");
    assert.equal(registered.kind, "policy");
    assert.deepEqual(registered.lineage.dataset, { name: "react", version: "1.0.0" });
    assert.equal(registered.lineage.job, job.id);
    assert.equal(registered.signature.keyId, key.keyId);
    assert.match(registered.checksum, /^[0-9a-f]{64}$/);
    assert.deepEqual(registered.audit.map((a: { to: string }) => a.to), ["development"]);

    // Staging needs a passing validation report.
    const early = await expectError(await post(app, `/v1/models/${v1}/transitions`, { to: "staging" }), 409, "E7201");
    assert.match(String(early.message), /no validation report/);
    const strict = await post(app, `/v1/models/${v1}/validate`, { thresholds: { minMeanScore: 0.99 } });
    const rejected = await strict.json();
    assert.equal(strict.status, 201);
    assert.equal(rejected.recommendation, "REJECT");
    assert.equal(rejected.referenceKind, "baseline");
    assert.deepEqual(rejected.stages.map((s: { stage: string }) => s.stage), [
      "regression",
      "benchmark",
      "safety",
      "diversity",
      "latency",
    ]);
    await expectError(await post(app, `/v1/models/${v1}/transitions`, { to: "staging" }), 409, "E7201");
    const passed = await (await post(app, `/v1/models/${v1}/validate`, lenient)).json();
    assert.equal(passed.recommendation, "DEPLOY", JSON.stringify(passed.reasons));
    assert.equal((await post(app, `/v1/models/${v1}/transitions`, { to: "staging", by: "alice" })).status, 200);

    // Production needs an approval (the signature is there from registration).
    const unapproved = await expectError(
      await post(app, `/v1/models/${v1}/transitions`, { to: "production" }),
      409,
      "E7201",
    );
    assert.match(String(unapproved.message), /approval/);
    const promoted = await post(app, `/v1/models/${v1}/transitions`, {
      to: "production",
      approvedBy: "bob",
      reason: "first release",
      by: "alice",
    });
    assert.equal(promoted.status, 200);
    assert.equal((await promoted.json()).stage, "production");

    // A second version is benchmarked against the first, and replaces it in production.
    const second = await train(app, runtime, { fewShot: 2 });
    const v2 = second.modelId!;
    const against = await (await post(app, `/v1/models/${v2}/validate`, lenient)).json();
    assert.equal(against.referenceKind, "production");
    assert.equal(against.reference, v1);
    assert.equal((await post(app, `/v1/models/${v2}/transitions`, { to: "staging" })).status, 200);
    await post(app, `/v1/models/${v2}/transitions`, { to: "production", approvedBy: "bob" });
    const old = await (await app.request(`/v1/models/${v1}`)).json();
    assert.equal(old.stage, "archived");
    assert.match(old.audit.at(-1).reason, new RegExp(`superseded by ${v2}`));
    assert.deepEqual(
      old.audit.map((a: { from: string | null; to: string }) => `${a.from}→${a.to}`),
      [
        "null→development",
        "development→development",
        "development→development",
        "development→staging",
        "staging→staging",
        "staging→production",
        "production→archived",
      ],
    );

    // Aliases name any version; the API takes an alias wherever it takes an id.
    assert.equal((await send(app, "PUT", "/v1/models/aliases/champion", { modelId: v2 })).status, 200);
    assert.equal((await (await app.request("/v1/models/champion")).json()).id, v2);
    await expectError(await send(app, "PUT", "/v1/models/aliases/champion", { modelId: "nope" }), 404, "E7200");
    await expectError(await send(app, "PUT", "/v1/models/aliases/bad%20name", { modelId: v2 }), 400, "E7205");

    // A tampered artifact is refused on every promotion and on load; quarantine still takes effect at once.
    const third = (await train(app, runtime)).modelId!;
    await post(app, `/v1/models/${third}/validate`, lenient);
    const memoryFile = `${runtime.config.training.artifactDir}/${third}/memory.json`;
    await Deno.writeTextFile(memoryFile, " ", { append: true });
    const tampered = await expectError(
      await post(app, `/v1/models/${third}/transitions`, { to: "staging" }),
      409,
      "E7202",
    );
    assert.match(String(tampered.message), /memory\.json/);
    await expectError(await post(app, `/v1/models/${third}/validate`, lenient), 409, "E7202");
    const quarantined = await post(app, `/v1/models/${third}/transitions`, { to: "quarantined", reason: "tampered" });
    assert.equal((await quarantined.json()).stage, "quarantined");
    await expectError(await post(app, `/v1/models/${third}/transitions`, { to: "development" }), 409, "E7202");

    // Errors a client meets.
    await expectError(await post(app, `/v1/jobs/${job.id}/cancel`, {}), 409, "E7932");
    await expectError(await app.request("/v1/jobs/job-nope"), 404, "E7930");
    await expectError(await post(app, "/v1/jobs", { dataset: { name: "react" }, config: { epochs: 0 } }), 400, "E7931");
    await expectError(
      await post(app, "/v1/jobs", { dataset: { name: "react" }, config: { backend: "http" } }),
      400,
      "E7938",
    );
    await expectError(await post(app, "/v1/jobs", { dataset: { name: "nope" } }), 404, "E7103");
    await expectError(await post(app, `/v1/models/${v2}/transitions`, { to: "nowhere" }), 400, "E7205");

    const stats = await (await app.request("/v1/stats")).json();
    assert.deepEqual(stats.training.jobs, { succeeded: 3 });
    assert.deepEqual(stats.training.models, { archived: 1, production: 1, quarantined: 1 });
    const metrics = await (await app.request("/metrics")).text();
    assert.match(metrics, /atlas_models\{stage="production"\} 1/);
    assert.match(metrics, /atlas_training_jobs\{state="succeeded"\} 3/);
  } finally {
    await close();
  }
});

Deno.test("a reward model trains in-process on preference pairs and is registered with its held-out accuracy", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    await dataset(app, runtime, 500);
    const states: string[] = [];
    const updates = runtime.training.jobs.updates.subscribe((view) => states.push(view.state));
    const job = await train(app, runtime, { type: "reward", pairing: "family", epochs: 10 });
    updates.unsubscribe();
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    // In-process training outruns the store's writes; each state is still announced, in order.
    assert.deepEqual(entered(states), ["queued", "preparing", "training", "evaluating", "succeeded"]);
    assert.equal(job.lossHistory.length, 10, "one loss per epoch, as computed");
    const model = await (await app.request(`/v1/models/${job.modelId}`)).json();
    assert.equal(model.kind, "reward");
    assert.ok(model.metrics.heldOutPairs > 50, `${model.metrics.heldOutPairs} held-out pairs`);
    assert.ok(model.metrics.heldOutAccuracy > 0.5, `held-out accuracy ${model.metrics.heldOutAccuracy}`);
    await expectError(await post(app, `/v1/models/${job.modelId}/validate`, {}), 409, "E7206");
    // Same-task pairs do not exist in these logs (each run is its own task): said, not hidden.
    const none = await train(app, runtime, { type: "reward", pairing: "task" });
    assert.equal(none.state, "failed");
    assert.equal(none.error?.code, "E7301");
  } finally {
    await close();
  }
});

Deno.test("one call runs events → dataset → job → validation → model, its progress streamed over SSE", async () => {
  const { app, close } = await httpRuntime();
  try {
    const events = await upstreamEventsFromRuns({ limit: 60 });
    const response = await post(app, "/v1/pipeline/run", {
      events,
      dataset: { name: "react" },
      job: { fewShot: 3 },
      validate: lenient,
      promote: true,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
    const frames = await sseFrames(response);
    const kinds = frames.map((f) => f.event);
    assert.equal(kinds[0], "ingest");
    assert.deepEqual((frames[0]!.data as { examples: number }).examples, 120);
    assert.equal(kinds[1], "dataset");
    const jobStates = frames.filter((f) => f.event === "job").map((f) => (f.data as JobView).state);
    assert.deepEqual(entered(jobStates), ["queued", "preparing", "training", "evaluating", "succeeded"]);
    assert.deepEqual(kinds.slice(-3), ["validation", "model", "done"]);
    const model = frames.at(-2)!.data as { stage: string; lineage: { validations: string[] } };
    assert.equal(model.stage, "staging");
    assert.equal(model.lineage.validations.length, 1);
  } finally {
    await close();
  }
});

Deno.test("the pipeline stops at the dataset step, saying why, when nothing can be trained on; no job is queued", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    // Real FEVER runs with only the outcomes the agent reported: below the filter's confidence, waiting for an evaluation.
    const lines = (await Deno.readTextFile(new URL("../../shared/data/events/fever.events.jsonl", import.meta.url)))
      .trim().split("\n").slice(0, 300).map((line) => JSON.parse(line));
    await ingest(app, lines);
    await waitFor(async () => {
      const stats = await (await send(app, "GET", "/v1/stats")).json();
      const { completed = 0, closed = 0, analyzing = 0 } = stats.trajectories.byState;
      return completed > 0 && closed + analyzing === 0;
    });
    await runtime.trainingData.extraction.drain();
    const frames = await sseFrames(await post(app, "/v1/pipeline/run", { dataset: { name: "react" }, promote: true }));
    assert.deepEqual(frames.map((f) => f.event), ["dataset", "error"]);
    const error = frames[1]!.data as { code: string; message: string; details: { waitingForEvaluation: number } };
    assert.equal(error.code, "E7936");
    assert.ok(error.details.waitingForEvaluation > 0, "the runs waiting for an evaluation are counted");
    assert.match(error.message, /wait for an evaluation/);
    assert.match(error.message, /confidence 0\.5, below the filter's minConfidence 0\.6/);
    assert.deepEqual(await runtime.training.jobs.list({ limit: 10 }), []);
  } finally {
    await close();
  }
});

Deno.test("the pipeline takes a request that repeats an event: it waits for each distinct one, applied once", async () => {
  const { app, close } = await httpRuntime();
  try {
    const events = await upstreamEventsFromRuns({ limit: 20 });
    const frames = await sseFrames(
      await post(app, "/v1/pipeline/run", {
        events: [...events, ...events.slice(0, 5)],
        dataset: { name: "react" },
        validate: lenient,
      }),
    );
    assert.equal(frames[0]!.event, "ingest");
    assert.equal(frames.at(-1)!.event, "done");
  } finally {
    await close();
  }
});
