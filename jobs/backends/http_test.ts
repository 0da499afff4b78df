import assert from "node:assert/strict";
import { join } from "node:path";
import { AtlasError } from "../../errors.ts";
import type { Progress, TrainingHandle, TrainingInput } from "../backend.ts";
import { parseJobConfig } from "../config.ts";
import { type FakeFineTuning, type FakeJob, startFakeFineTuning } from "../../tests/support/fake_fine_tuning.ts";
import { HttpFineTuningBackend, type HttpTrainingHandle } from "./http.ts";

const replies = [
  "the cache is warm so the answer is fast",
  "the cache is cold so the answer is slow",
  "retry the request after the cache is warm",
  "the answer is in the cache",
  "warm the cache before the request",
  "the request is slow when the cache is cold",
];

const chatLine = (reply: string, index: number) =>
  JSON.stringify({ messages: [{ role: "user", content: `question ${index}` }, { role: "assistant", content: reply }] });

/** A job's input: its train (and val) JSONL in a temporary directory, and an empty output directory. */
async function jobInput(
  options: { trainLines?: string[]; val?: boolean; config?: Record<string, unknown> } = {},
): Promise<TrainingInput> {
  const dir = await Deno.makeTempDir({ prefix: "atlas_http_backend_" });
  const trainLines = options.trainLines ?? replies.map(chatLine);
  const train = join(dir, "train.jsonl");
  await Deno.writeTextFile(train, trainLines.join("\n") + "\n");
  const val = options.val === false ? null : join(dir, "val.jsonl");
  if (val) {
    await Deno.writeTextFile(val, [chatLine("the cache is warm", 0), chatLine("the request is fast", 1)].join("\n"));
  }
  const outputDir = join(dir, "output");
  await Deno.mkdir(outputDir);
  return {
    jobId: "job-http-1",
    config: parseJobConfig({ backend: "http", baseModel: "gpt-4o-mini", batchSize: 2, epochs: 3, ...options.config }),
    prepared: {
      dataset: { name: "support", version: "v1", contentHash: "sha256:test" },
      files: { train, val, test: null },
      counts: { train: trainLines.length, val: val ? 2 : 0, test: 0 },
    },
    rows: () => ReadableStream.from([]),
    workDir: dir,
    outputDir,
  };
}

function backendFor(fake: FakeFineTuning, options: { apiKey?: string; pollMs?: number } = {}) {
  return new HttpFineTuningBackend({ baseUrl: fake.url, apiKey: fake.apiKey, pollMs: 5, ...options });
}

function recorder() {
  const progress: Progress[] = [];
  const handles: TrainingHandle[] = [];
  return {
    progress,
    handles,
    on: { progress: (p: Progress) => void progress.push(p), handle: (h: TrainingHandle) => void handles.push(h) },
  };
}

/** The progress the fake's events should read as, oldest first. */
function expectedProgress(job: FakeJob): Progress[] {
  return job.events.map((event) => {
    if (event.type === "message") return { message: event.message };
    const { step, total_steps, train_loss, ...metrics } = event.data;
    const progress: Progress = { step, totalSteps: total_steps, loss: train_loss } as Progress;
    return Object.keys(metrics).length > 0 ? { ...progress, metrics } : progress;
  });
}

function fakeJob(fake: FakeFineTuning, handle: TrainingHandle): FakeJob {
  const job = fake.state.jobs.get(String(handle.jobId));
  assert.ok(job, `the fake has job ${handle.jobId}`);
  return job;
}

const steps = (progress: Progress[]) => progress.flatMap((p) => p.step === undefined ? [] : [p.step]);

Deno.test("http backend trains a job to success, reporting each of the service's steps once with its losses", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput();
  const backend = backendFor(fake);
  const seen = recorder();

  const handle = await backend.start(input);
  const result = await backend.watch(input, handle, seen.on, new AbortController().signal);

  const job = fakeJob(fake, handle);
  assert.equal(job.job.status, "succeeded");
  assert.deepEqual(job.job.hyperparameters, { n_epochs: 3, batch_size: 2, learning_rate_multiplier: 1 });
  assert.equal(job.job.validation_file, (handle as HttpTrainingHandle).validationFile);
  assert.deepEqual(seen.progress, expectedProgress(job));
  assert.deepEqual(steps(seen.progress), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const losses = seen.progress.flatMap((p) => p.loss === undefined ? [] : [p.loss]);
  assert.ok(losses.at(-1)! < losses[0]!, "the fake's model learned: the last step's loss is below the first's");
  assert.ok(seen.progress.every((p) => p.step === undefined || p.metrics?.valid_loss !== undefined));

  const last = job.events.findLast((e) => e.type === "metrics")!;
  assert.equal(result.remoteModel, job.job.fine_tuned_model);
  assert.deepEqual(result.metrics, { ...last.data, trained_tokens: job.job.trained_tokens });
  assert.equal((seen.handles.at(-1) as HttpTrainingHandle).lastEventId, job.events.at(-1)!.id);

  const manifest = JSON.parse(await Deno.readTextFile(join(input.outputDir, "remote_model.json")));
  assert.deepEqual(manifest, {
    baseUrl: fake.url,
    jobId: job.job.id,
    fineTunedModel: job.job.fine_tuned_model,
    resultFiles: job.job.result_files,
    trainedTokens: job.job.trained_tokens,
    notSent: { lora: input.config.lora },
  });
});

Deno.test("http backend reads events beyond one page, oldest first, and sends the learning rate as a multiplier", async () => {
  await using fake = await startFakeFineTuning({ advanceOnPoll: false });
  const trainLines = Array.from({ length: 60 }, (_, i) => chatLine(replies[i % replies.length]!, i));
  const input = await jobInput({ trainLines, val: false, config: { batchSize: 1, learningRate: 3e-4 } });
  const backend = backendFor(fake);
  const handle = await backend.start(input);
  fake.advance(String(handle.jobId), 2 + 90); // validate, start, then 180 steps two a poll
  const seen = recorder();

  await backend.watch(input, handle, seen.on, new AbortController().signal);

  const job = fakeJob(fake, handle);
  assert.equal(job.job.status, "succeeded");
  assert.equal((job.job.hyperparameters as Record<string, number>).learning_rate_multiplier, 3);
  assert.ok(job.events.length > 100, "more events than one page holds");
  assert.ok(fake.state.requests.some((r) => /\/events\?.*after=/.test(r.path)), "the second page was asked for");
  assert.deepEqual(seen.progress, expectedProgress(job));
  assert.deepEqual(steps(seen.progress), Array.from({ length: 180 }, (_, i) => i + 1));
});

Deno.test("http backend rejects a job the service fails with E7933 and the service's message", async () => {
  await using fake = await startFakeFineTuning();
  fake.scriptNextJob({ fail: { afterSteps: 3, message: "The job failed due to an internal error at step 4" } });
  const input = await jobInput();
  const backend = backendFor(fake);
  const seen = recorder();
  const handle = await backend.start(input);

  const error = await backend.watch(input, handle, seen.on, new AbortController().signal).catch((e) => e);

  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7933");
  assert.equal(error.message, "The job failed due to an internal error at step 4");
  assert.equal(error.retryable, false);
  assert.deepEqual(steps(seen.progress), [1, 2, 3]);
});

Deno.test("http backend rejects with E7933 when the service rejects the training file", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput({ trainLines: [chatLine("fine", 0), JSON.stringify({ messages: [] })], val: false });
  const backend = backendFor(fake);
  const handle = await backend.start(input);

  const error = await backend.watch(input, handle, recorder().on, new AbortController().signal).catch((e) => e);

  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7933");
  assert.match(error.message, /line 2 has no assistant message/);
});

Deno.test("http backend cancel() cancels the service's job, and cancelling again is fine", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput();
  const backend = backendFor(fake);
  const handle = await backend.start(input);

  await backend.cancel(input, handle);
  assert.equal(fakeJob(fake, handle).job.status, "cancelled");
  await backend.cancel(input, handle);

  const error = await backend.watch(input, handle, recorder().on, new AbortController().signal).catch((e) => e);
  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7933");
  assert.equal(error.message, "cancelled by the service");
});

Deno.test("http backend rejects with E7933 when the service cancels the job itself", async () => {
  await using fake = await startFakeFineTuning();
  fake.scriptNextJob({ cancel: { afterSteps: 2 } });
  const input = await jobInput();
  const backend = backendFor(fake);
  const handle = await backend.start(input);

  const error = await backend.watch(input, handle, recorder().on, new AbortController().signal).catch((e) => e);

  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7933");
  assert.equal(error.message, "cancelled by the service");
});

Deno.test("http backend retries polls the service answers with 500, then succeeds", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput();
  const backend = backendFor(fake);
  const handle = await backend.start(input);
  fake.failRequests(4);
  const seen = recorder();

  const result = await backend.watch(input, handle, seen.on, new AbortController().signal);

  assert.equal(fake.state.requests.filter((r) => r.status === 500).length, 4);
  assert.equal(result.remoteModel, fakeJob(fake, handle).job.fine_tuned_model);
  assert.deepEqual(seen.progress, expectedProgress(fakeJob(fake, handle)));
});

Deno.test("http backend gives up after 5 polls in a row fail, with a retryable E7937", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput();
  const backend = backendFor(fake);
  const handle = await backend.start(input);
  fake.failRequests(1_000);

  const error = await backend.watch(input, handle, recorder().on, new AbortController().signal).catch((e) => e);

  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7937");
  assert.equal(error.retryable, true);
  assert.match(error.message, /answered 500 .*5 polls in a row failed/);
  assert.equal(fake.state.requests.filter((r) => r.status === 500).length, 5);
});

Deno.test("http backend resumes from a persisted handle in a new instance without repeating progress", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput();
  const handle = await backendFor(fake).start(input);
  const first = recorder();
  const stop = new AbortController();
  const firstWatch = backendFor(fake).watch(input, handle, {
    progress(p) {
      first.on.progress(p);
      if (p.step === 4) stop.abort(); // the runtime goes down mid-run
    },
    handle: first.on.handle,
  }, stop.signal);
  await assert.rejects(firstWatch, { name: "AbortError" });
  const persisted = JSON.parse(JSON.stringify(first.handles.at(-1)));
  const second = recorder();

  const result = await backendFor(fake).watch(input, persisted, second.on, new AbortController().signal);

  const job = fakeJob(fake, handle);
  assert.deepEqual(steps(first.progress), [1, 2, 3, 4]);
  assert.deepEqual([...first.progress, ...second.progress], expectedProgress(job));
  assert.equal(result.metrics.step, 9);
});

Deno.test("http backend stops watching as soon as the signal aborts", async () => {
  await using fake = await startFakeFineTuning({ advanceOnPoll: false });
  const input = await jobInput();
  const backend = backendFor(fake, { pollMs: 3_600_000 });
  const handle = await backend.start(input);
  const stop = new AbortController();
  // Aborts once the first poll is done and the watch waits for the next.
  const handleSeen = () => void setTimeout(() => stop.abort(), 0);
  const watching = backend.watch(input, handle, { progress() {}, handle: handleSeen }, stop.signal);

  // Polls an hour apart: only the abort can end this watch within the test.
  await assert.rejects(watching, { name: "AbortError" });
});

Deno.test("http backend keeps a rejected API key out of the E7937 it raises", async () => {
  await using fake = await startFakeFineTuning();
  const input = await jobInput();
  const secret = "sk-wrong-0123456789abcdef";

  const error = await backendFor(fake, { apiKey: secret }).start(input).catch((e) => e);

  assert.ok(error instanceof AtlasError);
  assert.equal(error.code, "E7937");
  assert.equal(error.retryable, false);
  assert.equal((error.details as { status: number }).status, 401);
  assert.match(error.message, /401 .*Incorrect API key provided/);
  assert.ok(!`${JSON.stringify(error.toData())} ${error.stack}`.includes(secret));
});

Deno.test("http backend without a base URL is not configured: E7938", async () => {
  const input = await jobInput();
  const backend = new HttpFineTuningBackend({ apiKey: "sk-anything" });
  const handle: HttpTrainingHandle = {
    jobId: "ftjob-1",
    trainingFile: "file-1",
    validationFile: null,
    lastEventId: null,
    metrics: {},
    notSent: {},
  };

  await assert.rejects(backend.start(input), { code: "E7938" });
  await assert.rejects(backend.watch(input, handle, recorder().on, new AbortController().signal), { code: "E7938" });
  await assert.rejects(backend.cancel(input, handle), { code: "E7938" });
});
