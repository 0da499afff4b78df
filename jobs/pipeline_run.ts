/**
 * The one-call pipeline: events → dataset version → training job → validation →
 * registered model, as a sequence of progress events (the API streams them over
 * SSE). Each step is the same one the separate endpoints run; nothing is skipped
 * or faked for speed.
 *
 * 1. `ingest`: the request's events (if any) go in as through `POST /v1/events`
 *    (invalid ones kept as dead letters); the step
 *    waits until the pipeline has applied them, then decides every training-data
 *    join they completed.
 * 2. `dataset`: the next version of the named dataset is built (or the unchanged
 *    latest one kept).
 * 3. `job`: a job is queued on that version; every state it enters is sent, in order.
 * 4. `validation`: the registered model is validated against its golden suite.
 * 5. `model`: the model, promoted to staging when asked and allowed.
 *
 * A step that fails sends `error` with its code and the run ends there.
 *
 * @module
 */
import { AtlasError, ensureError } from "../errors.ts";
import type { Runtime } from "../runtime.ts";
import { identity } from "../store/dedupe.ts";
import { takeEvents } from "../streams/intake.ts";
import type { ValidationRequest } from "../models/validation_runner.ts";
import type { JobView } from "../actors/job/training_jobs.ts";
import type { DatasetVersion } from "../training/dataset_version.ts";

export interface PipelineRequest {
  events?: unknown[] | undefined;
  dataset: { name: string; description?: string | undefined; filter?: unknown; split?: unknown };
  job?: Record<string, unknown> | undefined;
  validate?: Omit<ValidationRequest, "by"> | undefined;
  /** Promote the model to staging when its validation allows. @default false */
  promote?: boolean;
  by: string;
}

export interface PipelineEvent {
  event: "ingest" | "dataset" | "job" | "validation" | "model" | "error" | "done";
  data: unknown;
}

/** How long ingested events may take to be applied. */
const applyTimeoutMs = 60_000;
const applyPollMs = 20;

export async function* runPipeline(runtime: Runtime, request: PipelineRequest): AsyncGenerator<PipelineEvent> {
  try {
    if (request.events?.length) yield { event: "ingest", data: await ingest(runtime, request.events) };
    const built = await runtime.trainingData.curator.build(request.dataset);
    const version = built.version;
    yield {
      event: "dataset",
      data: { created: built.created, name: version.dataset, version: version.version, counts: version.counts },
    };
    if (version.counts.train === 0) {
      yield { event: "error", data: (await nothingToTrainOn(runtime, version)).toData() };
      return;
    }

    const id = yield* submitAndFollow(runtime, {
      dataset: { name: version.dataset, version: version.version },
      config: request.job ?? {},
      by: request.by,
    });
    const job = await runtime.training.jobs.get(id);
    if (job.state !== "succeeded" || !job.modelId) {
      yield { event: "error", data: job.error ?? { code: "E7933", message: `job ${job.id} ended ${job.state}` } };
      return;
    }
    const model = await runtime.training.registry.get(job.modelId);
    if (model.kind === "policy") {
      const report = await runtime.training.validator.validate(model.id, { ...request.validate, by: request.by });
      yield {
        event: "validation",
        data: { id: report.id, recommendation: report.recommendation, reasons: report.reasons, stages: report.stages },
      };
      if (request.promote && report.recommendation === "DEPLOY") {
        await runtime.training.registry.transition(model.id, {
          to: "staging",
          by: request.by,
          reason: `pipeline: validation ${report.id} recommends DEPLOY`,
        });
      }
    }
    yield { event: "model", data: await runtime.training.registry.describe(model.id) };
    yield { event: "done", data: { job: job.id, model: model.id } };
  } catch (error) {
    yield { event: "error", data: ensureError(error).toData() };
  }
}

/**
 * Why a version has nothing to train on, said where a job would only fail: what the
 * filter turned away, and the runs still waiting for an evaluation.
 */
async function nothingToTrainOn(runtime: Runtime, version: DatasetVersion): Promise<AtlasError> {
  const { waiting } = await runtime.trainingData.joins.counts();
  const { outcomeConfidence, waitMs } = runtime.config.extraction;
  const rejected = Object.fromEntries(Object.entries(version.filtering.rejected).filter(([, n]) => n > 0));
  const reasons = [
    `${version.filtering.candidates} examples were candidates` +
    (Object.keys(rejected).length
      ? ` (turned away: ${Object.entries(rejected).map(([r, n]) => `${r} ${n}`).join(", ")})`
      : ""),
    ...(waiting > 0
      ? [`${waiting} runs wait for an evaluation (atlas.evaluation.completed) for up to ${waitMs / 60_000} min`]
      : []),
    ...(outcomeConfidence < version.filter.minConfidence
      ? [
        `an outcome the agent reports itself has confidence ${outcomeConfidence}, below the filter's minConfidence ${version.filter.minConfidence}`,
      ]
      : []),
  ];
  return new AtlasError(
    "E7936",
    `dataset ${version.dataset}@${version.version} has no training examples: ${reasons.join("; ")}`,
    {
      details: {
        counts: version.counts,
        candidates: version.filtering.candidates,
        rejected,
        waitingForEvaluation: waiting,
        outcomeConfidence,
        minConfidence: version.filter.minConfidence,
      },
    },
  );
}

/** Takes the valid events, keeps the rest as dead letters, waits until they are applied and decided. */
async function ingest(runtime: Runtime, raw: unknown[]) {
  const intake = await takeEvents(runtime, raw);
  const { valid, taken } = intake;
  const rejected = intake.rejected.map(({ index, error }) => ({ index, error: error.toData() }));
  if (valid.length === 0) {
    throw new AtlasError("E7006", "none of the pipeline's events is valid", { details: rejected });
  }
  // A request may repeat an event: it is applied once, so wait for the distinct ones.
  const distinct = [...new Map(valid.map((e) => [identity(e.source, e.id), e])).values()];
  const deadline = runtime.clock.now() + applyTimeoutMs;
  while ((await runtime.dedupe.seen(distinct)).size < distinct.length) {
    if (runtime.clock.now() > deadline) throw new AtlasError("E7402", "the events were not applied in time");
    await new Promise((resolve) => setTimeout(resolve, applyPollMs));
  }
  const decided = await runtime.trainingData.extraction.drain();
  return { accepted: taken.filter(Boolean).length, rejected, examples: decided.emitted, deadLetters: decided.dead };
}

/**
 * Queues the job and sends every change it goes through, in order, until it ends.
 * The subscription starts before the job exists: a fast job's first states are not
 * missed, and each is sent once it is saved. Returns the job's id.
 */
async function* submitAndFollow(
  runtime: Runtime,
  submission: Parameters<Runtime["training"]["submit"]>[0],
): AsyncGenerator<PipelineEvent, string> {
  const jobs = runtime.training.jobs;
  const queue: JobView[] = [];
  let wake: (() => void) | undefined;
  const subscription = jobs.updates.subscribe((view) => {
    queue.push(view);
    wake?.();
  });
  try {
    const { id } = await runtime.training.submit(submission);
    let done = false;
    const settled = jobs.settled(id).then(() => {
      done = true;
      wake?.();
    });
    while (!done || queue.length) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      for (const view of queue.splice(0)) if (view.id === id) yield { event: "job", data: view };
    }
    await settled;
    return id;
  } finally {
    subscription.unsubscribe();
  }
}
