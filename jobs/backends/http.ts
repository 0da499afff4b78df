/**
 * The `http` backend: training on a hosted fine-tuning service with the OpenAI-style
 * jobs API. `start` uploads the prepared JSONL and creates the job; `watch` polls the
 * job and its events until it ends, reporting each event once; `cancel` asks the
 * service to stop. The artifact is the remote model: on success `remote_model.json`
 * in the output directory names it.
 *
 * The handle holds the service's job id and the last event reported, so a new runtime
 * watching with the persisted handle continues after that event. A poll that fails
 * for a reason that may pass (no connection, 429, 5xx) is tried again at the next one;
 * `maxPollFailures` of them in a row end the watch with a retryable E7937.
 *
 * @example
 * ```ts
 * const backend = new HttpFineTuningBackend({ baseUrl: "https://api.openai.com/v1", apiKey });
 * const handle = await backend.start(input);
 * const { remoteModel } = await backend.watch(input, handle, { progress: log, handle: persist }, signal);
 * ```
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { TrainerBackend, TrainingHandle, TrainingInput, TrainingResult, WatchCallbacks } from "../backend.ts";
import { FineTuningClient, type FineTuningJob } from "./fine_tuning_client.ts";
import { eventsSince, metricsOf, toProgress } from "./fine_tuning_events.ts";
import { createJobBody, unsentSettings } from "./fine_tuning_request.ts";
import { writeRemoteModel } from "./fine_tuning_manifest.ts";

export interface HttpFineTuningOptions {
  /** The API's root, e.g. `https://api.openai.com/v1`. Without it the backend is not configured (E7938). */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never logged nor put in an error. @default none */
  apiKey?: string;
  /** Pause between polls of a running job. @default 2000 */
  pollMs?: number;
  /** Polls in a row that may fail before the watch gives up with a retryable E7937. @default 5 */
  maxPollFailures?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The handle: plain JSON, persisted with the job. */
const handleSchema = z.object({
  /** The service's job id. */
  jobId: z.string().min(1),
  trainingFile: z.string(),
  validationFile: z.string().nullable(),
  /** The newest event already reported; null before the first. */
  lastEventId: z.string().nullable(),
  /** The last metrics event's figures: the result's metrics, kept here so a resumed watch has them. */
  metrics: z.record(z.string(), z.number()),
  /** Settings of the config the API takes no field for (see fine_tuning_request.ts). */
  notSent: z.record(z.string(), z.unknown()),
});
export type HttpTrainingHandle = z.infer<typeof handleSchema>;

/** Trains on an OpenAI-style fine-tuning service. */
export class HttpFineTuningBackend implements TrainerBackend {
  readonly name = "http";
  readonly #options: HttpFineTuningOptions;
  readonly #pollMs: number;
  readonly #maxPollFailures: number;

  constructor(options: HttpFineTuningOptions = {}) {
    this.#options = options;
    this.#pollMs = options.pollMs ?? 2_000;
    this.#maxPollFailures = options.maxPollFailures ?? 5;
  }

  async start(input: TrainingInput): Promise<TrainingHandle> {
    const client = this.#client();
    const trainingFile = await client.uploadFile(input.prepared.files.train);
    const validationFile = input.prepared.files.val ? await client.uploadFile(input.prepared.files.val) : null;
    const job = await client.createJob(createJobBody(input.jobId, input.config, { trainingFile, validationFile }));
    const handle: HttpTrainingHandle = {
      jobId: job.id,
      trainingFile,
      validationFile,
      lastEventId: null,
      metrics: {},
      notSent: unsentSettings(input.config),
    };
    return handle;
  }

  async watch(
    input: TrainingInput,
    persisted: TrainingHandle,
    on: WatchCallbacks,
    signal: AbortSignal,
  ): Promise<TrainingResult> {
    const client = this.#client();
    let handle = parseHandle(persisted);
    let failures = 0;
    // The pause is the loop's step, so a failed poll that `continue`s waits like any other.
    for (;; await delay(this.#pollMs, signal)) {
      signal.throwIfAborted();
      let job: FineTuningJob;
      try {
        // The job first, then its events: once it has ended, every event it will have is listed.
        job = await client.getJob(handle.jobId, signal);
        const events = await eventsSince(client, handle.jobId, handle.lastEventId, signal);
        failures = 0;
        for (const event of events) {
          const progress = toProgress(event);
          if (progress) on.progress(progress);
          if (event.type === "metrics") handle = { ...handle, metrics: metricsOf(event) };
        }
        const last = events.at(-1);
        if (last) on.handle(handle = { ...handle, lastEventId: last.id });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof AtlasError && error.retryable)) throw error;
        if (++failures < this.#maxPollFailures) continue;
        throw new AtlasError("E7937", `${error.message} (${failures} polls in a row failed)`, {
          retryable: true,
          details: error.details,
          cause: error,
        });
      }
      if (job.status === "succeeded") return await this.#finish(input, handle, job);
      if (job.status === "failed") {
        throw new AtlasError("E7933", job.error?.message || "the fine-tuning service reports the job failed", {
          retryable: false,
          details: { jobId: job.id, error: job.error ?? null },
        });
      }
      if (job.status === "cancelled") {
        throw new AtlasError("E7933", "cancelled by the service", { retryable: false, details: { jobId: job.id } });
      }
    }
  }

  /** Asks the service to cancel; a refusal because the job has already ended is success. */
  async cancel(_input: TrainingInput, persisted: TrainingHandle): Promise<void> {
    const client = this.#client();
    const { jobId } = parseHandle(persisted);
    try {
      await client.cancelJob(jobId);
    } catch (error) {
      if (!(error instanceof AtlasError) || error.retryable) throw error;
      const job = await client.getJob(jobId);
      if (!["succeeded", "failed", "cancelled"].includes(job.status)) throw error;
    }
  }

  async #finish(input: TrainingInput, handle: HttpTrainingHandle, job: FineTuningJob): Promise<TrainingResult> {
    if (!job.fine_tuned_model) {
      throw new AtlasError("E7937", "the fine-tuning service reports success but names no fine-tuned model", {
        details: { jobId: job.id },
      });
    }
    await writeRemoteModel(input.outputDir, {
      baseUrl: this.#options.baseUrl ?? "",
      jobId: job.id,
      fineTunedModel: job.fine_tuned_model,
      resultFiles: job.result_files ?? [],
      trainedTokens: job.trained_tokens ?? null,
      notSent: handle.notSent,
    });
    const trainedTokens = job.trained_tokens ?? undefined;
    return {
      metrics: trainedTokens === undefined ? handle.metrics : { ...handle.metrics, trained_tokens: trainedTokens },
      remoteModel: job.fine_tuned_model,
    };
  }

  #client(): FineTuningClient {
    const { baseUrl, apiKey } = this.#options;
    if (!baseUrl) throw new AtlasError("E7938", "the http trainer backend needs the fine-tuning service's base URL");
    return new FineTuningClient({ baseUrl, fetch: this.#options.fetch ?? fetch, ...apiKey && { apiKey } });
  }
}

function parseHandle(handle: TrainingHandle): HttpTrainingHandle {
  const parsed = handleSchema.safeParse(handle);
  if (parsed.success) return parsed.data;
  throw new AtlasError("E7999", "not a handle of the http trainer backend", {
    details: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
  });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", done);
      resolve();
    }, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
