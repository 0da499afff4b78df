/**
 * The only reader of the environment: one validated, frozen configuration, built
 * once at start-up and passed down.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "./errors.ts";
import { type LearningConfig, parseLearningConfig } from "./learning/config.ts";
import type { CompressionName } from "./streams/codecs/kafka_codecs.ts";

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const optionalText = z.string().trim().min(1).optional();

/** The variables read, with their defaults (CONTRACT section 5 and this project's own). */
const schema = z.object({
  /** HTTP port. @default 8080 */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface the HTTP server binds. @default "127.0.0.1" (set 0.0.0.0 in containers; needs ATLAS_API_TOKEN) */
  ATLAS_HOST: z.string().default("127.0.0.1"),
  /** libSQL URL: a local file, or libsql:// / http:// for a server. */
  ATLAS_DB_URL: z.string().default("file:./data/atlas.db"),
  /** Auth token for a remote libSQL server. */
  ATLAS_DB_AUTH_TOKEN: optionalText,
  /** Comma list of brokers; unset means the embedded event log. */
  KAFKA_BROKERS: optionalText,
  ATLAS_TRACES_TOPIC: z.string().min(1).default("atlas.traces"),
  ATLAS_CONSUMER_GROUP: z.string().min(1).default("atlas-learning"),
  /** Partitions of the traces topic when this service has to create it. @default 6 */
  ATLAS_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(6),
  /** How soon a dead consumer's partitions move to the others (broker minimum 6 s). @default 10 s */
  ATLAS_KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(10_000),
  /** The codec of what this service produces (dead letters, events posted over HTTP); it reads them all. */
  ATLAS_KAFKA_COMPRESSION: z.enum(["none", "gzip", "snappy", "lz4", "zstd"]).default("none"),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  /** When set, every route but /healthz, /readyz (and /metrics) needs `Authorization: Bearer <token>`. */
  ATLAS_API_TOKEN: optionalText,
  /** A second token that may only read (GET); needs ATLAS_API_TOKEN. */
  ATLAS_READ_TOKEN: optionalText,
  /** When set, /metrics needs it (or ATLAS_API_TOKEN); otherwise /metrics is open. */
  ATLAS_METRICS_TOKEN: optionalText,
  /** Silence after which an open trajectory closes as aborted (timeout). @default 5 min */
  ATLAS_INACTIVITY_GAP_MS: milliseconds(5 * 60_000),
  /** How long a completed trajectory still takes out-of-order steps before analysis. @default 2 s */
  ATLAS_CLOSE_GRACE_MS: milliseconds(2_000),
  /** Most events applied in one micro-batch (one transaction). @default 5000 */
  ATLAS_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).default(5_000),
  /** Longest an event waits for its micro-batch to fill. @default 50 ms */
  ATLAS_BATCH_MAX_WAIT_MS: milliseconds(50),
  /** Events in flight (read, not yet persisted) above which the source pauses. @default 50000 */
  ATLAS_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(50_000),
  /** Idle time after which an open trajectory's actor leaves memory (its snapshot stays). @default 60 s */
  ATLAS_PASSIVATE_AFTER_MS: milliseconds(60_000),
  /** How long dedupe ids and the embedded log are kept. @default 7 days */
  ATLAS_RETENTION_HOURS: z.coerce.number().min(1).default(168),
  /** A Kafka topic of OTLP trace messages (`otlp_proto` or `otlp_json`) read besides the traces topic. */
  ATLAS_OTLP_TOPIC: optionalText,
  /** Largest OTLP request accepted, after decompression. @default 64 MiB */
  ATLAS_OTLP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /** Most spans in one OTLP request or message. @default 20000 */
  ATLAS_OTLP_MAX_SPANS: z.coerce.number().int().min(1).default(20_000),
  /** Largest single attribute value of a span (the whole conversation of a chat span). @default 16 MiB */
  ATLAS_OTLP_MAX_ATTRIBUTE_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Largest request body accepted. @default 5 MiB */
  ATLAS_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  /** Trajectories learned at once while the model judges (its calls wait on the network). @default 4 */
  ATLAS_ANALYSIS_CONCURRENCY: z.coerce.number().int().min(1).default(4),
  /** Most closed trajectories learned together (one transaction without the model). @default 1000 */
  ATLAS_LEARNING_BATCH: z.coerce.number().int().min(1).max(10_000).default(1_000),
  /** Trajectories waiting to be learned held in memory; the rest of the backlog waits in the store. @default 10000 */
  ATLAS_LEARNING_QUEUE: z.coerce.number().int().min(1).default(10_000),
  ATLAS_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** The Claude model learning asks. @default "claude-sonnet-5" */
  ATLAS_LLM_MODEL: optionalText,
  /** Model calls in flight at once. @default 4 */
  ATLAS_LLM_CONCURRENCY: z.coerce.number().int().min(1).default(4),
  /** The embedding function for vector search beside BM25: the built-in `hashing`, or `none`. @default "hashing" */
  ATLAS_EMBEDDING: z.enum(["hashing", "none"]).default("hashing"),
  /** How long a training-data join waits for its parts after the first arrived. @default 10 min */
  ATLAS_JOIN_WAIT_MS: milliseconds(10 * 60_000),
  /** Confidence given to a trajectory's own outcome when no evaluator scored it. @default 0.5 */
  ATLAS_OUTCOME_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.5),
  /** How often the extractor looks for joins that are ready. @default 1 s */
  ATLAS_EXTRACTION_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  // LearningConfig, validated by its own schema (learning/config.ts).
  /** Where registered model artifacts live. @default "./data/artifacts" */
  ATLAS_ARTIFACT_DIR: z.string().trim().min(1).default("./data/artifacts"),
  /** Where training jobs keep their exported data, logs and trainer output. @default "./data/jobs" */
  ATLAS_JOBS_DIR: z.string().trim().min(1).default("./data/jobs"),
  /** Ed25519 private key (base64 PKCS#8, from `deno task keygen`) that signs artifacts; unset: unsigned. */
  ATLAS_SIGNING_KEY: optionalText,
  /** The command backend's trainer: a JSON array or a space-separated command line. */
  ATLAS_TRAINER_COMMAND: optionalText,
  /** The trainer PPO jobs run (a GPU trainer), in the same form. */
  ATLAS_PPO_COMMAND: optionalText,
  /** The http backend: a fine-tuning service with the OpenAI-style jobs API (e.g. https://api.openai.com/v1). */
  ATLAS_FINETUNE_BASE_URL: optionalText,
  ATLAS_FINETUNE_API_KEY: optionalText,
  /** How often a hosted fine-tuning job is polled. @default 2 s */
  ATLAS_FINETUNE_POLL_MS: z.coerce.number().int().min(10).default(2_000),
  /** Jobs past `queued` at once. @default 2 */
  ATLAS_JOB_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  /** How often jobs look at their clock (timeouts, back-off). @default 1 s */
  ATLAS_JOB_TICK_MS: z.coerce.number().int().min(10).default(1_000),
  ATLAS_CREDIT_STRATEGY: optionalText,
  ATLAS_PATTERN_EXTRACTOR: optionalText,
  ATLAS_MIN_TRAJECTORIES: optionalText,
  ATLAS_MIN_HOURS_SINCE_LAST: optionalText,
  ATLAS_MIN_SUCCESS_RATE: optionalText,
});

/** The environment variables this service reads. */
export const environmentNames = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** The resolved configuration. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly db: { readonly url: string; readonly authToken?: string };
  /** Present in Kafka mode; absent means the embedded event log. */
  readonly kafka?: {
    readonly brokers: readonly string[];
    readonly partitions: number;
    readonly sessionTimeoutMs: number;
    readonly compression: CompressionName;
  };
  readonly topic: string;
  readonly consumerGroup: string;
  /** OpenTelemetry intake: `POST /v1/traces` and, in Kafka mode, an OTLP topic. */
  readonly otlp: OtlpSettings;
  readonly anthropic: {
    readonly apiKey?: string;
    readonly baseURL?: string;
    readonly model?: string;
    readonly concurrency: number;
  };
  /** The embedding function of vector retrieval; `none` leaves BM25 alone. */
  readonly embedding: "hashing" | "none";
  /** How learning runs at start; `PUT /v1/learning/config` changes it at run time. */
  readonly learning: LearningConfig;
  readonly apiToken?: string;
  readonly readToken?: string;
  readonly metricsToken?: string;
  /** The ATLAS_HOST asked for and not used: without a token the API listens on loopback only. */
  readonly hostRefused?: string;
  /** The training-data extractor: the join's wait, the outcome's confidence, the polling interval. */
  readonly extraction: { readonly waitMs: number; readonly outcomeConfidence: number; readonly intervalMs: number };
  /** Training jobs and the model registry. */
  readonly training: TrainingSettings;
  readonly inactivityGapMs: number;
  readonly closeGraceMs: number;
  readonly batch: { readonly maxEvents: number; readonly maxWaitMs: number };
  readonly maxInFlight: number;
  readonly passivateAfterMs: number;
  readonly retentionMs: number;
  readonly bodyLimitBytes: number;
  /** Learning: trajectories at once with the model, per batch, and held in memory. */
  readonly analysis: { readonly concurrency: number; readonly batchSize: number; readonly maxQueued: number };
  readonly logLevel: "debug" | "info" | "warn" | "error";
}

export interface OtlpSettings {
  /** The OTLP topic read besides the traces topic; needs Kafka. */
  readonly topic?: string;
  readonly bodyLimitBytes: number;
  readonly maxSpans: number;
  readonly maxAttributeBytes: number;
}

export interface TrainingSettings {
  readonly artifactDir: string;
  readonly jobsDir: string;
  readonly signingKey?: string;
  readonly trainerCommand?: readonly string[];
  readonly ppoCommand?: readonly string[];
  readonly fineTuning?: { readonly baseUrl: string; readonly apiKey?: string; readonly pollMs: number };
  readonly concurrency: number;
  readonly tickMs: number;
}

/** Builds the configuration from an environment (by default the process's), or throws E7500. */
export function loadConfig(env: Record<string, string | undefined> = processEnvironment()): Config {
  const picked = Object.fromEntries(
    environmentNames.map((name) => [name, env[name] === "" ? undefined : env[name]]),
  );
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new AtlasError("E7500", `invalid configuration: ${problems.join("; ")}`, {
      details: problems,
    });
  }
  const e = parsed.data;
  if (e.ATLAS_READ_TOKEN && !e.ATLAS_API_TOKEN) {
    throw new AtlasError(
      "E7500",
      "invalid configuration: ATLAS_READ_TOKEN needs ATLAS_API_TOKEN (writes would be open)",
    );
  }
  // Without a token nothing protects the API: it is served to this machine alone.
  const host = e.ATLAS_API_TOKEN || loopback.has(e.ATLAS_HOST) ? e.ATLAS_HOST : "127.0.0.1";
  const learning = learningFrom(e);
  const brokers = e.KAFKA_BROKERS?.split(",").map((b) => b.trim()).filter(Boolean);
  return Object.freeze({
    port: e.PORT,
    host,
    ...(host !== e.ATLAS_HOST && { hostRefused: e.ATLAS_HOST }),
    db: { url: e.ATLAS_DB_URL, ...(e.ATLAS_DB_AUTH_TOKEN && { authToken: e.ATLAS_DB_AUTH_TOKEN }) },
    ...(brokers?.length && {
      kafka: {
        brokers,
        partitions: e.ATLAS_TOPIC_PARTITIONS,
        sessionTimeoutMs: e.ATLAS_KAFKA_SESSION_TIMEOUT_MS,
        compression: e.ATLAS_KAFKA_COMPRESSION,
      },
    }),
    topic: e.ATLAS_TRACES_TOPIC,
    consumerGroup: e.ATLAS_CONSUMER_GROUP,
    otlp: otlpFrom(e, brokers?.length ? brokers : undefined),
    anthropic: {
      ...(e.ANTHROPIC_API_KEY && { apiKey: e.ANTHROPIC_API_KEY }),
      ...(e.ANTHROPIC_BASE_URL && { baseURL: e.ANTHROPIC_BASE_URL }),
      ...(e.ATLAS_LLM_MODEL && { model: e.ATLAS_LLM_MODEL }),
      concurrency: e.ATLAS_LLM_CONCURRENCY,
    },
    embedding: e.ATLAS_EMBEDDING,
    learning,
    ...(e.ATLAS_API_TOKEN && { apiToken: e.ATLAS_API_TOKEN }),
    ...(e.ATLAS_READ_TOKEN && { readToken: e.ATLAS_READ_TOKEN }),
    ...(e.ATLAS_METRICS_TOKEN && { metricsToken: e.ATLAS_METRICS_TOKEN }),
    extraction: {
      waitMs: e.ATLAS_JOIN_WAIT_MS,
      outcomeConfidence: e.ATLAS_OUTCOME_CONFIDENCE,
      intervalMs: e.ATLAS_EXTRACTION_INTERVAL_MS,
    },
    training: trainingFrom(e),
    inactivityGapMs: e.ATLAS_INACTIVITY_GAP_MS,
    closeGraceMs: e.ATLAS_CLOSE_GRACE_MS,
    batch: { maxEvents: e.ATLAS_BATCH_MAX_EVENTS, maxWaitMs: e.ATLAS_BATCH_MAX_WAIT_MS },
    maxInFlight: e.ATLAS_MAX_IN_FLIGHT,
    passivateAfterMs: e.ATLAS_PASSIVATE_AFTER_MS,
    retentionMs: e.ATLAS_RETENTION_HOURS * 3_600_000,
    bodyLimitBytes: e.ATLAS_BODY_LIMIT_BYTES,
    analysis: {
      concurrency: e.ATLAS_ANALYSIS_CONCURRENCY,
      batchSize: e.ATLAS_LEARNING_BATCH,
      maxQueued: e.ATLAS_LEARNING_QUEUE,
    },
    logLevel: e.ATLAS_LOG_LEVEL,
  });
}

/** The learning config from its variables; a bad value is E7500 naming the variable. */
function learningFrom(e: z.infer<typeof schema>): LearningConfig {
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (Number.isNaN(n)) {
      throw new AtlasError("E7500", `invalid configuration: ${name}: expected a number, got ${value}`);
    }
    return n;
  };
  const fields = {
    creditStrategy: e.ATLAS_CREDIT_STRATEGY,
    patternExtractor: e.ATLAS_PATTERN_EXTRACTOR,
    minTrajectories: number("ATLAS_MIN_TRAJECTORIES", e.ATLAS_MIN_TRAJECTORIES),
    minHoursSinceLast: number("ATLAS_MIN_HOURS_SINCE_LAST", e.ATLAS_MIN_HOURS_SINCE_LAST),
    minSuccessRate: number("ATLAS_MIN_SUCCESS_RATE", e.ATLAS_MIN_SUCCESS_RATE),
  };
  try {
    return parseLearningConfig(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  } catch (error) {
    throw new AtlasError("E7500", `invalid configuration: ${(error as Error).message}`);
  }
}

/** OTLP intake settings; an OTLP topic without brokers is E7500. */
function otlpFrom(e: z.infer<typeof schema>, brokers: string[] | undefined): OtlpSettings {
  if (e.ATLAS_OTLP_TOPIC && !brokers) {
    throw new AtlasError(
      "E7500",
      "invalid configuration: ATLAS_OTLP_TOPIC needs KAFKA_BROKERS (without Kafka, send OTLP to POST /v1/traces)",
    );
  }
  return {
    ...(e.ATLAS_OTLP_TOPIC && { topic: e.ATLAS_OTLP_TOPIC }),
    bodyLimitBytes: e.ATLAS_OTLP_BODY_LIMIT_BYTES,
    maxSpans: e.ATLAS_OTLP_MAX_SPANS,
    maxAttributeBytes: e.ATLAS_OTLP_MAX_ATTRIBUTE_BYTES,
  };
}

function trainingFrom(e: z.infer<typeof schema>): TrainingSettings {
  const trainerCommand = commandLine("ATLAS_TRAINER_COMMAND", e.ATLAS_TRAINER_COMMAND);
  const ppoCommand = commandLine("ATLAS_PPO_COMMAND", e.ATLAS_PPO_COMMAND);
  return {
    artifactDir: e.ATLAS_ARTIFACT_DIR,
    jobsDir: e.ATLAS_JOBS_DIR,
    ...(e.ATLAS_SIGNING_KEY && { signingKey: e.ATLAS_SIGNING_KEY }),
    ...(trainerCommand && { trainerCommand }),
    ...(ppoCommand && { ppoCommand }),
    ...(e.ATLAS_FINETUNE_BASE_URL && {
      fineTuning: {
        baseUrl: e.ATLAS_FINETUNE_BASE_URL,
        ...(e.ATLAS_FINETUNE_API_KEY && { apiKey: e.ATLAS_FINETUNE_API_KEY }),
        pollMs: e.ATLAS_FINETUNE_POLL_MS,
      },
    }),
    concurrency: e.ATLAS_JOB_CONCURRENCY,
    tickMs: e.ATLAS_JOB_TICK_MS,
  };
}

/** A command as a JSON array of strings (arguments with spaces) or a space-separated line. */
function commandLine(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (!value.startsWith("[")) return value.split(/\s+/).filter(Boolean);
  const parsed = z.array(z.string().min(1)).min(1).safeParse(JSON.parse(value));
  if (!parsed.success) {
    throw new AtlasError("E7500", `invalid configuration: ${name}: expected a JSON array of strings`);
  }
  return parsed.data;
}

const loopback = new Set(["127.0.0.1", "::1", "localhost"]);

/** Only the variables named above, so `--allow-env` can list exactly them. */
function processEnvironment(): Record<string, string | undefined> {
  return Object.fromEntries(environmentNames.map((name) => [name, Deno.env.get(name)]));
}

/** The variables holding secrets: never logged, and withheld from the trainers this service runs. */
export const secretEnvironmentNames = [
  "ATLAS_DB_AUTH_TOKEN",
  "ANTHROPIC_API_KEY",
  "ATLAS_API_TOKEN",
  "ATLAS_READ_TOKEN",
  "ATLAS_METRICS_TOKEN",
  "ATLAS_SIGNING_KEY",
  "ATLAS_FINETUNE_API_KEY",
] as const satisfies readonly (typeof environmentNames)[number][];

/** The configuration with secrets masked, for logs and `/v1/stats`. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    db: { url: redactUrl(config.db.url), authToken: mask(config.db.authToken) },
    anthropic: { ...config.anthropic, apiKey: mask(config.anthropic.apiKey) },
    training: {
      ...config.training,
      signingKey: mask(config.training.signingKey),
      ...(config.training.fineTuning && {
        fineTuning: { ...config.training.fineTuning, apiKey: mask(config.training.fineTuning.apiKey) },
      }),
    },
    apiToken: mask(config.apiToken),
    readToken: mask(config.readToken),
    metricsToken: mask(config.metricsToken),
  };
}

const mask = (secret: string | undefined) => (secret ? "***" : undefined);

/** A URL with its credentials masked: user info, and an `authToken` in the query. */
export const redactUrl = (url: string) =>
  url.replace(/\/\/[^@/]*@/, "//***@").replace(/([?&](?:authToken|token|password)=)[^&]*/gi, "$1***");
