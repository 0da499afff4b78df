/**
 * One catalogue of the errors a user can see, each with an `E7xxx` code from the
 * contract's ranges, and the typed error that carries them.
 *
 * @module
 */

/** Every code a user can meet, with its HTTP status and what it means. */
export const catalogue = {
  // E7000–E7099 event intake
  E7001: { status: 400, title: "body or message is not valid JSON" },
  E7002: { status: 400, title: "not a CloudEvents 1.0 event" },
  E7003: { status: 400, title: "event data does not match its type's schema" },
  E7004: { status: 400, title: "unknown event type" },
  E7005: { status: 415, title: "unsupported content type" },
  E7006: { status: 400, title: "batch is empty or not an array of events" },
  E7010: { status: 404, title: "trajectory not found" },
  E7011: { status: 400, title: "invalid query parameter" },
  E7012: { status: 404, title: "route not found" },
  E7013: { status: 409, title: "command not allowed in the trajectory's state" },
  E7014: { status: 409, title: "a learning batch is already running" },
  E7015: { status: 404, title: "no such strategy, concept or learning batch" },
  E7020: { status: 422, title: "training-data join timed out without a quality score" },
  E7021: { status: 422, title: "training-data join timed out without an input and an output" },
  E7022: { status: 422, title: "trajectory closed without an outcome worth learning from" },
  E7023: { status: 404, title: "no such training example" },
  E7030: { status: 400, title: "OTLP request is not a valid protobuf ExportTraceServiceRequest" },
  E7031: { status: 400, title: "OTLP request is not a valid JSON ExportTraceServiceRequest" },
  E7032: { status: 400, title: "span rejected (invalid ids, times or attributes)" },
  E7033: { status: 415, title: "unsupported content encoding" },
  E7034: { status: 400, title: "invalid message log" },
  E7035: { status: 400, title: "request body could not be decompressed" },
  // E7100–E7199 example filtering and datasets
  E7100: { status: 400, title: "invalid filter configuration" },
  E7101: { status: 400, title: "invalid split configuration" },
  E7102: { status: 400, title: "invalid dataset request" },
  E7103: { status: 404, title: "no such dataset" },
  E7104: { status: 404, title: "no such dataset version" },
  E7105: { status: 400, title: "unknown export format" },
  // E7200–E7299 model registry and deployment
  E7200: { status: 404, title: "no such model or alias" },
  E7201: { status: 409, title: "transition not allowed from the model's stage" },
  E7202: { status: 409, title: "artifact checksum mismatch: the artifact was changed after registration" },
  E7203: { status: 409, title: "artifact signature missing or invalid" },
  E7204: { status: 409, title: "signing key not configured" },
  E7205: { status: 400, title: "invalid model request (transition, alias or validation)" },
  E7206: { status: 409, title: "validation cannot run for this model" },
  E7207: { status: 502, title: "candidate model endpoint error" },
  E7208: { status: 422, title: "invalid memory artifact" },
  // E7300–E7399 RLHF and reward modelling
  E7300: { status: 400, title: "invalid reward-model or PPO configuration" },
  E7301: { status: 422, title: "too few preference pairs to train a reward model" },
  E7302: { status: 422, title: "invalid reward-model artifact" },
  // E7400–E7499 reliability
  E7400: { status: 503, title: "store unavailable" },
  E7401: { status: 503, title: "stream source unavailable" },
  E7402: { status: 503, title: "not ready" },
  E7403: { status: 503, title: "micro-batch could not be applied; retrying from stored offsets" },
  E7404: { status: 503, title: "broker rejected the produced events" },
  E7405: { status: 500, title: "a stored snapshot could not be read; the trajectory was rebuilt from its steps" },
  // E7500–E7599 configuration and authentication
  E7500: { status: 500, title: "invalid configuration" },
  E7501: { status: 401, title: "missing or invalid bearer token" },
  E7502: { status: 400, title: "invalid learning configuration" },
  E7503: { status: 500, title: "invalid signing key in ATLAS_SIGNING_KEY" },
  E7504: { status: 403, title: "the read token may only read" },
  E7505: { status: 403, title: "a cookie-authenticated write from another origin" },
  // E7700–E7799 cost and resources
  E7700: { status: 413, title: "request body too large" },
  E7701: { status: 429, title: "LLM rate limited beyond the retries" },
  E7702: { status: 413, title: "too many spans in one request" },
  E7703: { status: 413, title: "attribute value too large" },
  // E7900–E7999 system and integration
  E7910: { status: 500, title: "trajectory analysis failed" },
  E7911: { status: 502, title: "LLM provider error" },
  E7912: { status: 502, title: "model answer does not match the requested schema" },
  E7920: { status: 500, title: "code parser unavailable" },
  E7930: { status: 404, title: "no such training job" },
  E7931: { status: 400, title: "invalid job configuration" },
  E7932: { status: 409, title: "job cannot be cancelled in its state" },
  E7933: { status: 500, title: "trainer failed" },
  E7934: { status: 500, title: "trainer died while the runtime was down" },
  E7935: { status: 500, title: "job timed out" },
  E7936: { status: 422, title: "dataset version cannot be trained on" },
  E7937: { status: 502, title: "fine-tuning service error" },
  E7938: { status: 400, title: "trainer backend not configured" },
  E7999: { status: 500, title: "internal error" },
} as const satisfies Record<string, { status: number; title: string }>;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof catalogue;

/** An error as plain data: what machines keep in their context and what the API sends. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The one error class of the project: a code, an HTTP status, details and a cause. */
export class AtlasError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** Whether trying the same thing again may succeed (a broker or store blip). */
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message?: string,
    options: { details?: unknown; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message ?? catalogue[code].title, { cause: options.cause });
    this.name = "AtlasError";
    this.code = code;
    this.status = catalogue[code].status;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }

  /** The plain-data form, safe to log, persist or send. */
  toData(): ErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into an AtlasError, keeping the original as the cause. */
export function ensureError(error: unknown, code: ErrorCode = "E7999"): AtlasError {
  if (error instanceof AtlasError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AtlasError(code, message, { cause: error });
}

/** The contract's error body: `{ error: { code, message, details? } }`. */
export function toErrorBody(error: AtlasError): { error: ErrorData } {
  return { error: error.toData() };
}
