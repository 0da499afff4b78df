/**
 * A local fake of an OpenAI-style fine-tuning service: `POST /v1/files` (multipart),
 * `POST /v1/fine_tuning/jobs`, `GET /v1/fine_tuning/jobs/{id}`, `GET …/{id}/events`
 * (newest first, `after` a cursor to older events, `limit`, `has_more`) and
 * `POST …/{id}/cancel`, with an in-memory store and a bearer key.
 *
 * Jobs live in fake_fine_tuning_job.ts: one stage per read of the job (or per
 * `advance` when `advanceOnPoll` is false), real training of a tiny bigram model, so
 * every `train_loss` in a metrics event was computed. `scriptNextJob` makes a job
 * fail or be cancelled by the service after some steps; `failRequests` answers the
 * next requests with 500s. A rejected key is echoed in the 401's message, as services
 * do, so tests can check that a client keeps it out of its errors.
 *
 * @example
 * ```ts
 * await using fake = await startFakeFineTuning();
 * const backend = new HttpFineTuningBackend({ baseUrl: fake.url, apiKey: fake.apiKey, pollMs: 5 });
 * ```
 *
 * @module
 */
import { type FakeFile, FakeJob, type JobScript, now } from "./fake_fine_tuning_job.ts";

export type { FakeEvent, FakeFile, FakeJob, JobScript } from "./fake_fine_tuning_job.ts";

export interface FakeFineTuningOptions {
  /** The key every request must bear. @default "sk-fake-0123456789" */
  apiKey?: string;
  /** Training steps one read of a running job advances. @default 2 */
  stepsPerPoll?: number;
  /** Whether reading a job advances it; when false only `advance` does. @default true */
  advanceOnPoll?: boolean;
}

export interface FakeFineTuning extends AsyncDisposable {
  /** The API root, `http://127.0.0.1:<port>/v1`. */
  url: string;
  apiKey: string;
  state: {
    jobs: Map<string, FakeJob>;
    files: Map<string, FakeFile>;
    /** Every request, in order, with the status it got. */
    requests: Array<{ method: string; path: string; status: number }>;
  };
  /** Sets how the next job created ends, when not by succeeding. */
  scriptNextJob(script: JobScript): void;
  /** Answers the next `count` requests with `status` (before checking the key). */
  failRequests(count: number, status?: number): void;
  /** Advances a job as `polls` reads of it would. */
  advance(jobId: string, polls?: number): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 at a free port. */
export function startFakeFineTuning(options: FakeFineTuningOptions = {}): Promise<FakeFineTuning> {
  const { apiKey = "sk-fake-0123456789", stepsPerPoll = 2, advanceOnPoll = true } = options;
  const state: FakeFineTuning["state"] = { jobs: new Map(), files: new Map(), requests: [] };
  const scripts: JobScript[] = [];
  let failures = { count: 0, status: 500 };
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}-${(++ids).toString().padStart(6, "0")}`;

  const routes = async (request: Request, path: string): Promise<Response> => {
    const parts = path.split("/").filter(Boolean);
    if (request.method === "POST" && path === "/v1/files") return upload(await request.formData());
    if (request.method === "POST" && path === "/v1/fine_tuning/jobs") return create(await request.json());
    if (parts[0] !== "v1" || parts[1] !== "fine_tuning" || parts[2] !== "jobs" || !parts[3]) {
      return error(404, `Unknown request URL: ${request.method} ${path}`);
    }
    const record = state.jobs.get(parts[3]);
    if (!record) return error(404, `No such fine-tuning job: ${parts[3]}`, "fine_tune_not_found");
    if (request.method === "GET" && parts.length === 4) {
      if (advanceOnPoll) record.tick();
      return Response.json(record.job);
    }
    if (request.method === "GET" && parts[4] === "events") return Response.json(page(record, new URL(request.url)));
    if (request.method === "POST" && parts[4] === "cancel") {
      if (record.ended) return error(400, `Job has already ${record.job.status}`);
      record.cancel();
      return Response.json(record.job);
    }
    return error(404, `Unknown request URL: ${request.method} ${path}`);
  };

  const upload = (form: FormData) => {
    const file = form.get("file");
    if (form.get("purpose") !== "fine-tune") {
      return error(400, "purpose must be fine-tune", "invalid_request", "purpose");
    }
    if (!(file instanceof File)) return error(400, "file is required", "invalid_request", "file");
    return file.text().then((text) => {
      const stored = { id: nextId("file"), filename: file.name, purpose: "fine-tune", text };
      state.files.set(stored.id, stored);
      const { id, filename, purpose } = stored;
      return Response.json({ object: "file", id, filename, purpose, bytes: file.size, created_at: now() });
    });
  };

  const create = (body: Record<string, unknown>) => {
    for (const param of ["training_file", "validation_file"]) {
      if (param in body && !state.files.has(String(body[param]))) {
        return error(400, `invalid ${param}: ${body[param]}`, "invalid_request", param);
      }
    }
    if (typeof body.model !== "string" || !("training_file" in body)) {
      return error(400, "model and training_file are required", "invalid_request");
    }
    const id = nextId("ftjob");
    const job = {
      object: "fine_tuning.job",
      id,
      model: body.model,
      created_at: now(),
      finished_at: null,
      fine_tuned_model: null,
      organization_id: "fake-org",
      status: "validating_files",
      hyperparameters: body.hyperparameters ?? {},
      training_file: body.training_file,
      validation_file: body.validation_file ?? null,
      result_files: [],
      trained_tokens: null,
      error: null,
      suffix: body.suffix ?? null,
      seed: body.seed ?? null,
    };
    state.jobs.set(
      id,
      new FakeJob(job, scripts.shift() ?? {}, { files: state.files, nextId, stepsPerTick: stepsPerPoll }),
    );
    return Response.json(job);
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const url = new URL(request.url);
    let response: Response;
    if (failures.count > 0) {
      failures.count -= 1;
      response = error(failures.status, "The server had an error while processing your request.", "server_error");
    } else if (request.headers.get("authorization") !== `Bearer ${apiKey}`) {
      const given = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      response = error(401, `Incorrect API key provided: ${given}.`, "invalid_api_key");
    } else {
      response = await routes(request, url.pathname);
    }
    state.requests.push({ method: request.method, path: url.pathname + url.search, status: response.status });
    return response;
  });

  const close = () => server.shutdown();
  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    apiKey,
    state,
    scriptNextJob: (script) => void scripts.push(script),
    failRequests: (count, status = 500) => void (failures = { count, status }),
    advance(jobId, polls = 1) {
      const record = state.jobs.get(jobId);
      if (!record) throw new Error(`no fake job ${jobId}`);
      for (let i = 0; i < polls; i++) record.tick();
    },
    close,
    [Symbol.asyncDispose]: close,
  });
}

/** The events page: newest first, those older than the event `after` when given (none if it is unknown). */
function page(record: FakeJob, url: URL) {
  const newestFirst = [...record.events].reverse();
  const after = url.searchParams.get("after");
  const from = after === null ? 0 : newestFirst.findIndex((e) => e.id === after) + 1 || newestFirst.length;
  const limit = Number(url.searchParams.get("limit") ?? 20);
  return { object: "list", data: newestFirst.slice(from, from + limit), has_more: from + limit < newestFirst.length };
}

function error(status: number, message: string, code = "invalid_request", param: string | null = null): Response {
  return Response.json({ error: { message, type: "invalid_request_error", code, param } }, { status });
}
