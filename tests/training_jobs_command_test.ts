/**
 * The command backend through the runtime, with the tiny trainer the tests ship as
 * the operator's `ATLAS_TRAINER_COMMAND`: a job survives a restart of the runtime (the
 * trainer runs on, the new runtime follows it from the persisted handle), a trainer
 * that dies while the runtime is down fails its job with E7934, a cancel stops the
 * trainer, and a crashing trainer is retried then fails with its own message.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { JobView } from "../actors/job/training_jobs.ts";
import { loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { groupAlive, signalGroup } from "../jobs/backends/detached_process.ts";
import { silentLogger } from "../log.ts";
import { createRuntime, type Runtime } from "../runtime.ts";
import { ingest, post } from "./support/api.ts";
import { tinyTrainerCommand } from "./support/trainer/fixtures.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

/** A runtime over `dir`: stopping one and starting another on the same dir is a restart. */
async function runtimeIn(dir: string, trainerEnv: string[] = []): Promise<{ runtime: Runtime; app: Hono }> {
  const config = loadConfig({
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
    ATLAS_JOBS_DIR: `${dir}/jobs`,
    ATLAS_TRAINER_COMMAND: JSON.stringify(["env", ...trainerEnv, ...tinyTrainerCommand]),
    ATLAS_JOB_TICK_MS: "50",
    ATLAS_CLOSE_GRACE_MS: "100",
    ATLAS_BATCH_MAX_WAIT_MS: "10",
  });
  const runtime = await createRuntime(config, { log: silentLogger });
  await runtime.start();
  await waitFor(() => runtime.pipeline.ready, { message: "the pipeline to be ready" });
  return { runtime, app: createApp(runtime) };
}

async function withDataset(dir: string, trainerEnv: string[]) {
  const started = await runtimeIn(dir, trainerEnv);
  await ingest(started.app, await upstreamEventsFromRuns({ limit: 40 }));
  const { joins, extraction } = started.runtime.trainingData;
  await waitFor(async () => (await joins.counts()).pending === 80, { message: "the joins" });
  await extraction.drain();
  assert.equal((await post(started.app, "/v1/datasets", { name: "react" })).status, 201);
  return started;
}

async function submit(app: Hono, config: Record<string, unknown>): Promise<string> {
  const response = await post(app, "/v1/jobs", {
    dataset: { name: "react" },
    config: { backend: "command", ...config },
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json() as JobView).id;
}

const job = async (runtime: Runtime, id: string) => await runtime.training.jobs.get(id);

/** Kills a trainer's whole process group, as an OOM killer or a reboot would. */
async function killTrainer(view: JobView): Promise<void> {
  const group = (view.trainer as { processGroup: number }).processGroup;
  await signalGroup(group, "KILL");
  await waitFor(async () => !(await groupAlive(group)), { message: "the trainer to be gone" });
}

Deno.test("a command job follows its trainer across a restart; one whose trainer died meanwhile fails E7934", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atlas-command-" });
  const slow = ["TINY_TRAINER_STEP_DELAY_MS=40"];
  try {
    let { runtime, app } = await withDataset(dir, slow);
    const resumed = await submit(app, { epochs: 4, batchSize: 4 });
    await waitFor(async () => ((await job(runtime, resumed)).progress?.step ?? 0) >= 3, { message: "a few steps" });
    await runtime.stop();
    ({ runtime, app } = await runtimeIn(dir, slow));
    const done = await runtime.training.jobs.settled(resumed);
    assert.equal(done.state, "succeeded", JSON.stringify(done.error));
    const steps = done.lossHistory.map((point) => point.step);
    assert.deepEqual(steps, [...new Set(steps)].sort((a, b) => a - b), "every step once, in order");
    assert.ok(steps.length >= 4, `${steps.length} steps reported`);
    assert.ok(Number.isFinite(done.metrics?.val_loss), "the trainer's own held-out loss");
    const model = await (await app.request(`/v1/models/${done.modelId}`)).json();
    assert.equal(model.backend, "command");
    assert.ok(await Deno.stat(`${dir}/artifacts/${done.modelId}/adapter_model.json`));

    const orphan = await submit(app, { epochs: 50, batchSize: 2 });
    await waitFor(async () => (await job(runtime, orphan)).trainer !== null, { message: "the trainer to start" });
    const running = await job(runtime, orphan);
    await runtime.stop();
    await killTrainer(running);
    ({ runtime, app } = await runtimeIn(dir, slow));
    const failed = await runtime.training.jobs.settled(orphan);
    assert.equal(failed.state, "failed");
    assert.equal(failed.error?.code, "E7934");
    await runtime.stop();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cancel stops a command trainer; a crashing trainer is retried, then fails with its own message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atlas-command-" });
  try {
    const { runtime, app } = await withDataset(dir, ["TINY_TRAINER_STEP_DELAY_MS=40"]);
    const id = await submit(app, { epochs: 50, batchSize: 2 });
    await waitFor(async () => ((await job(runtime, id)).progress?.step ?? 0) >= 1, { message: "the first step" });
    const group = ((await job(runtime, id)).trainer as { processGroup: number }).processGroup;
    const cancelling = await post(app, `/v1/jobs/${id}/cancel`, { reason: "wrong learning rate", by: "alice" });
    assert.equal(cancelling.status, 200);
    const cancelled = await runtime.training.jobs.settled(id);
    assert.equal(cancelled.state, "cancelled");
    assert.deepEqual(cancelled.cancel?.by, "alice");
    await waitFor(async () => !(await groupAlive(group)), { message: "no trainer process left" });
    await runtime.stop();

    const crashing = await runtimeIn(dir, ["TINY_TRAINER_CRASH_AT_STEP=2"]);
    const crashed = await submit(crashing.app, { maxRetries: 1, backoffMs: 10 });
    const failed = await crashing.runtime.training.jobs.settled(crashed);
    assert.equal(failed.state, "failed");
    assert.equal(failed.error?.code, "E7933");
    assert.match(failed.error!.message, /simulated crash at step 2/);
    assert.equal(failed.attempt, 2);
    const audit = await crashing.runtime.training.audit.of("job", crashed);
    assert.deepEqual(audit.map((a) => a.to), [
      "queued",
      "preparing",
      "training",
      "retrying",
      "preparing",
      "training",
      "failed",
    ]);
    await crashing.runtime.stop();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
