/**
 * The HTTP target: each batch POSTed to the service's `/v1/events` as
 * `application/cloudevents-batch+json`, its `202 { accepted, duplicates, rejected }`
 * read back per event (CONTRACT section 3). A 413 halves the batch until it fits;
 * an unavailable service is waited for a few times ({@link postWithRetry}).
 * Retrying is safe: the service counts a repeated (source, id) as a duplicate.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError, catalogue, type ErrorCode } from "../../errors.ts";
import {
  answerError,
  describeAnswer,
  errorDataSchema,
  type HttpAnswer,
  parseJson,
  postWithRetry,
} from "./http_post.ts";
import type { RetryOptions } from "./http_post.ts";
import { sleep } from "./sleep.ts";
import type { BatchOutcome, EventLine, Rejection, ReplayTarget } from "./target.ts";

/** Where and how to post; by default 5 tries, the first retry after 250 ms, 30 s for an answer. */
export interface HttpTargetOptions extends Partial<RetryOptions> {
  /** The service's base URL (`http://127.0.0.1:8080`), or its `/v1/events` endpoint. */
  url: URL;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

/** Tries, first wait and answer timeout when not given: about 4 s of waiting in all. */
const retryDefaults: RetryOptions = { attempts: 5, backoffMs: 250, timeoutMs: 30_000, sleep };

/** The events of a batch the service did not take, by position: `[{ index, error }]`. */
const rejectedSchema = z.array(z.object({ index: z.number().int().min(0), error: z.unknown() }));

const answerSchema = z.object({
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  rejected: rejectedSchema,
});

/** The service's 400 to a batch none of whose events it took lists them in `details.rejected`. */
const allRejectedSchema = z.object({ rejected: rejectedSchema });

/** Sends batches to the service's `POST /v1/events`. */
export class HttpTarget implements ReplayTarget {
  readonly description: string;
  readonly #endpoint: URL;
  readonly #headers: Record<string, string>;
  readonly #token: string | undefined;
  readonly #retry: RetryOptions;
  /** Once a batch was too large, later ones are cut to half its size before sending. */
  #sizeLimit = Infinity;

  constructor(options: HttpTargetOptions) {
    const { url, token, ...retry } = options;
    this.#endpoint = url.pathname.endsWith("/v1/events")
      ? url
      : new URL("v1/events", url.href.endsWith("/") ? url : `${url.href}/`);
    this.description = this.#endpoint.href;
    this.#token = token;
    this.#headers = {
      "content-type": "application/cloudevents-batch+json",
      accept: "application/json",
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    };
    this.#retry = { ...retryDefaults, ...retry };
  }

  async send(batch: readonly EventLine[]): Promise<BatchOutcome> {
    if (batch.length > this.#sizeLimit) return this.#sendInParts(batch, this.#sizeLimit);
    const body = `[${batch.map((e) => e.text).join(",")}]`;
    const answer = await postWithRetry(this.#endpoint, { headers: this.#headers, body }, this.#retry);
    if (answer.status >= 200 && answer.status < 300) return this.#accepted(batch, answer);
    if (answer.status === 400) return this.#allRejected(batch, answer);
    if (answer.status === 413) return this.#tooLarge(batch);
    throw this.#failure(answer);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #accepted(batch: readonly EventLine[], answer: HttpAnswer): BatchOutcome {
    const parsed = answerSchema.safeParse(parseJson(answer.text));
    if (!parsed.success) {
      throw new AtlasError("E7999", `${describeAnswer(answer)}, not { accepted, duplicates, rejected }`);
    }
    const { accepted, duplicates, rejected } = parsed.data;
    return { accepted, duplicates, rejected: rejections(batch, rejected, answer) };
  }

  /**
   * A 400: none of the batch was taken. The service lists why per event; without
   * that list (another server, a proxy) each event carries the one error given.
   */
  #allRejected(batch: readonly EventLine[], answer: HttpAnswer): BatchOutcome {
    const error = answerError(answer);
    const listed = allRejectedSchema.safeParse(error?.details);
    const rejected = listed.success
      ? rejections(batch, listed.data.rejected, answer)
      : batch.map((e) => ({ line: e.line, code: error?.code ?? "E7002", message: describeAnswer(answer) }));
    return { accepted: 0, duplicates: 0, rejected };
  }

  #tooLarge(batch: readonly EventLine[]): Promise<BatchOutcome> {
    const [only] = batch;
    if (only && batch.length === 1) {
      const error = new AtlasError("E7700", `event of ${only.text.length} characters is larger than the service takes`);
      const rejection = { line: only.line, code: error.code, message: error.message };
      return Promise.resolve({ accepted: 0, duplicates: 0, rejected: [rejection] });
    }
    this.#sizeLimit = Math.min(this.#sizeLimit, Math.ceil(batch.length / 2));
    return this.#sendInParts(batch, this.#sizeLimit);
  }

  async #sendInParts(batch: readonly EventLine[], size: number): Promise<BatchOutcome> {
    const total: BatchOutcome = { accepted: 0, duplicates: 0, rejected: [] };
    for (let start = 0; start < batch.length; start += size) {
      const part = await this.send(batch.slice(start, start + size));
      total.accepted += part.accepted;
      total.duplicates += part.duplicates;
      total.rejected.push(...part.rejected);
    }
    return total;
  }

  #failure(answer: HttpAnswer): AtlasError {
    if (answer.status === 401 || answer.status === 403) {
      const hint = this.#token === undefined
        ? "the service needs a token: pass --token or set ATLAS_API_TOKEN"
        : "the service refused the token";
      return new AtlasError("E7501", `${hint} (${describeAnswer(answer)})`);
    }
    const code = answerError(answer)?.code;
    return new AtlasError(code && Object.hasOwn(catalogue, code) ? code as ErrorCode : "E7999", describeAnswer(answer));
  }
}

/** The service's `[{ index, error }]` as rejections of the batch's lines. */
function rejections(
  batch: readonly EventLine[],
  listed: z.infer<typeof rejectedSchema>,
  answer: HttpAnswer,
): Rejection[] {
  return listed.map(({ index, error }) => {
    const event = batch[index];
    if (!event) throw new AtlasError("E7999", `${describeAnswer(answer)}: index ${index} is outside the batch`);
    const data = errorDataSchema.safeParse(error);
    return data.success
      ? { line: event.line, code: data.data.code, message: data.data.message }
      : { line: event.line, code: "E7999", message: JSON.stringify(error) };
  });
}
