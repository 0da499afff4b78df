/**
 * `postWithRetry`: one POST, tried again while the service is unavailable (429, 502,
 * 503, 504, no connection, no answer in time) after doubling waits, then given up
 * on with E7402. Every answer is read to its end, so no response body stays open.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Sleep } from "./sleep.ts";

/** An answer, read whole. */
export interface HttpAnswer {
  url: URL;
  status: number;
  retryAfter: string | null;
  text: string;
}

/** How long to keep trying an unavailable service. */
export interface RetryOptions {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Wait before the first retry, doubled for each next one, unless the service sends Retry-After. */
  backoffMs: number;
  /** Longest wait for one answer. */
  timeoutMs: number;
  sleep: Sleep;
}

const unavailable = new Set([429, 502, 503, 504]);

/** Posts `body` until an answer other than "unavailable" comes, or the tries run out. */
export async function postWithRetry(
  url: URL,
  request: { headers: Record<string, string>; body: string },
  options: RetryOptions,
): Promise<HttpAnswer> {
  for (let attempt = 1;; attempt++) {
    let answer: HttpAnswer | undefined;
    let reason: string;
    try {
      answer = await post(url, request, options.timeoutMs);
      if (!unavailable.has(answer.status)) return answer;
      reason = describeAnswer(answer);
    } catch (error) {
      reason = `cannot reach ${url.href}: ${(error as Error).message}`;
    }
    if (attempt >= options.attempts) {
      throw new AtlasError("E7402", `${reason} (gave up after ${attempt} tries)`, { retryable: true });
    }
    await options.sleep(retryAfterMs(answer) ?? options.backoffMs * 2 ** (attempt - 1));
  }
}

async function post(
  url: URL,
  request: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<HttpAnswer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(url, { method: "POST", ...request, signal: abort.signal });
    return {
      url,
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      text: await response.text(),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After in seconds, as milliseconds; the HTTP-date form is rare enough to ignore. */
function retryAfterMs(answer: HttpAnswer | undefined): number | undefined {
  const seconds = answer?.retryAfter ? Number(answer.retryAfter) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** An error as the contract sends it, and as each rejected event of a batch carries it. */
export const errorDataSchema = z.object({ code: z.string(), message: z.string() });
const errorBodySchema = z.object({ error: errorDataSchema.extend({ details: z.unknown().optional() }) });

/** The answer's `{ error: { code, message, details } }`, if that is what it holds. */
export function answerError(answer: HttpAnswer): z.infer<typeof errorBodySchema>["error"] | undefined {
  const parsed = errorBodySchema.safeParse(parseJson(answer.text));
  return parsed.success ? parsed.data.error : undefined;
}

/** `POST http://…/v1/events answered 503 (E7402 not ready)` */
export function describeAnswer(answer: HttpAnswer): string {
  const error = answerError(answer);
  const detail = error ? ` (${error.code} ${error.message})` : answer.text ? ` (${answer.text.slice(0, 200)})` : "";
  return `POST ${answer.url.href} answered ${answer.status}${detail}`;
}

/** The parsed JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
