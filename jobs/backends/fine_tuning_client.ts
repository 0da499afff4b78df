/**
 * The five calls of an OpenAI-style fine-tuning API the http backend makes: upload a
 * file, create a job, read it, list its events, cancel it.
 *
 * Every failure is an AtlasError E7937 carrying the service's own message: retryable
 * when the service may answer differently later (no connection, 408, 429, 5xx), final
 * otherwise (a 4xx, an answer of the wrong shape). The API key never reaches an error:
 * services echo a rejected key in their message, so it is cut out of every text.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";

/** A fine-tuning job as the service reports it; fields the backend does not read are kept. */
const jobSchema = z.looseObject({
  id: z.string().min(1),
  /** validating_files, queued, running, succeeded, failed, cancelled; other services add their own. */
  status: z.string(),
  fine_tuned_model: z.string().nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish(), param: z.string().nullish() })
    .nullish(),
  trained_tokens: z.number().nullish(),
  result_files: z.array(z.string()).nullish(),
});
export type FineTuningJob = z.infer<typeof jobSchema>;

const eventSchema = z.looseObject({
  id: z.string().min(1),
  created_at: z.number(),
  level: z.string().nullish(),
  message: z.string().nullish(),
  /** "message" or "metrics". */
  type: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type FineTuningEvent = z.infer<typeof eventSchema>;

/** One page of a job's events: newest first, as the OpenAI API lists them. */
const eventPageSchema = z.looseObject({ data: z.array(eventSchema), has_more: z.boolean().default(false) });
export type FineTuningEventPage = z.infer<typeof eventPageSchema>;

const fileSchema = z.looseObject({ id: z.string().min(1) });

/** The job-creation body; `hyperparameters` is the form every OpenAI-compatible service takes. */
export interface CreateJobBody {
  model: string;
  training_file: string;
  validation_file?: string;
  hyperparameters: { n_epochs: number; batch_size: number; learning_rate_multiplier: number };
  suffix: string;
  seed: number;
}

export interface FineTuningClientOptions {
  /** The API's root, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey?: string;
  fetch: typeof fetch;
}

/** HTTP statuses after which the same request may well succeed. */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** A client of one fine-tuning service. */
export class FineTuningClient {
  readonly #root: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: FineTuningClientOptions) {
    this.#root = options.baseUrl.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch;
  }

  /** Uploads a JSONL file for fine-tuning; resolves with the service's file id. */
  async uploadFile(path: string, signal?: AbortSignal): Promise<string> {
    const form = new FormData();
    form.append("purpose", "fine-tune");
    // Read whole: the services cap a training file at a few hundred MB and FormData needs a Blob.
    form.append("file", new Blob([await Deno.readFile(path)], { type: "application/jsonl" }), basename(path));
    return (await this.#call("POST", "/files", fileSchema, form, signal)).id;
  }

  createJob(body: CreateJobBody, signal?: AbortSignal): Promise<FineTuningJob> {
    return this.#call("POST", "/fine_tuning/jobs", jobSchema, JSON.stringify(body), signal);
  }

  getJob(jobId: string, signal?: AbortSignal): Promise<FineTuningJob> {
    return this.#call("GET", `/fine_tuning/jobs/${encodeURIComponent(jobId)}`, jobSchema, undefined, signal);
  }

  /** One page of events, newest first, older than the event `after` when it is given. */
  listEvents(
    jobId: string,
    page: { after?: string; limit: number },
    signal?: AbortSignal,
  ): Promise<FineTuningEventPage> {
    const query = new URLSearchParams({ limit: String(page.limit), ...page.after && { after: page.after } });
    const path = `/fine_tuning/jobs/${encodeURIComponent(jobId)}/events?${query}`;
    return this.#call("GET", path, eventPageSchema, undefined, signal);
  }

  cancelJob(jobId: string, signal?: AbortSignal): Promise<FineTuningJob> {
    return this.#call("POST", `/fine_tuning/jobs/${encodeURIComponent(jobId)}/cancel`, jobSchema, undefined, signal);
  }

  async #call<T>(method: string, path: string, schema: z.ZodType<T>, body?: BodyInit, signal?: AbortSignal) {
    const headers = new Headers(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {});
    if (typeof body === "string") headers.set("content-type", "application/json");
    const where = `${method} ${path.split("?")[0]}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#root}${path}`, {
        method,
        headers,
        ...body && { body },
        ...signal && { signal },
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const message = this.#redact(error instanceof Error ? error.message : String(error));
      throw new AtlasError("E7937", `fine-tuning service unreachable (${where}): ${message}`, { retryable: true });
    }
    const text = this.#redact(await response.text());
    if (!response.ok) throw this.#httpError(response.status, where, text);
    const parsed = schema.safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    throw new AtlasError("E7937", `fine-tuning service gave an unexpected answer to ${where}`, {
      details: { status: response.status, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) },
    });
  }

  /** E7937 with the service's `{ error: { message, type, code, param } }`, or its raw text. */
  #httpError(status: number, where: string, text: string): AtlasError {
    const body = z.looseObject({
      error: z.looseObject({
        message: z.string().nullish(),
        type: z.string().nullish(),
        code: z.string().nullish(),
        param: z.string().nullish(),
      }),
    }).safeParse(parseJson(text));
    const error = body.success ? body.data.error : undefined;
    const said = error?.message || text.slice(0, 500) || "no message";
    return new AtlasError("E7937", `fine-tuning service answered ${status} to ${where}: ${said}`, {
      retryable: retryableStatus(status),
      details: { status, type: error?.type ?? null, code: error?.code ?? null, param: error?.param ?? null },
    });
  }

  #redact(text: string): string {
    return this.#apiKey ? text.replaceAll(this.#apiKey, "[redacted]") : text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() || "train.jsonl";
}
