/**
 * The replay command line: its usage text, and the arguments (with the few
 * environment variables it honours) resolved once into one options object.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { AtlasError } from "../../errors.ts";
import { compressionCodecs, type CompressionName } from "../codecs/kafka_codecs.ts";

/**
 * The environment variables replay reads, and no others (its `--allow-env` list).
 * `INIT_CWD` is where `deno task` was started (tasks run in the config's folder):
 * a file named on the command line is found from there, as the user named it.
 */
export const replayEnvironment = ["ATLAS_API_TOKEN", "KAFKA_BROKERS", "ATLAS_TRACES_TOPIC", "INIT_CWD"] as const;

/** Values of {@link replayEnvironment}; an absent or empty one counts as unset. */
export type ReplayEnvironment = { readonly [K in (typeof replayEnvironment)[number]]?: string | undefined };

/** Where the events go. */
export type TargetChoice =
  | { kind: "http"; url: URL; token?: string }
  | { kind: "kafka"; brokers: string[]; topic: string; createTopic: boolean; compression: CompressionName };

/** A replay, resolved from the arguments. */
export interface ReplayOptions {
  /** Path of the JSON Lines file, or `-` for stdin. */
  input: string;
  target: TargetChoice;
  /** Events per HTTP request or per produce call. @default 500 */
  batch: number;
  /** Most events sent per second; absent means as fast as the target takes them. */
  rate?: number;
  /** Print the summary as one JSON line. @default false */
  json: boolean;
  /** Exit 1 when any event is rejected. @default false */
  strict: boolean;
}

const defaultUrl = "http://127.0.0.1:8080";
const defaultBrokers = "127.0.0.1:9092";
const defaultTopic = "atlas.traces";
const defaultBatch = 500;

/** The `--help` text. */
export const usage = `Usage: deno task replay <file.jsonl | -> [options]

Sends a JSON Lines file of CloudEvents (one event a line, - for stdin) to the ATLAS
Learning Layer: over HTTP (POST /v1/events) or straight to its Kafka topic. Lines
that are not valid events are reported by line number and not sent.

Target (default: http if --url is given, else kafka if --brokers or KAFKA_BROKERS
is set, else http at ${defaultUrl}):
  --to http|kafka     where to send
  --url URL           the service's base URL                [${defaultUrl}]
  --token T           bearer token for http                 [env ATLAS_API_TOKEN]
  --brokers LIST      comma list of Kafka brokers           [env KAFKA_BROKERS, else ${defaultBrokers}]
  --topic NAME        Kafka topic                           [env ATLAS_TRACES_TOPIC, else ${defaultTopic}]
  --create-topic      create the Kafka topic when missing
  --compression C     none, gzip, snappy, lz4 or zstd       [none]

Sending:
  --batch N           events per request or produce call    [${defaultBatch}]
  --rate N            at most N events per second           [unlimited]

Output:
  --json              print the summary as one JSON line on stdout
  --strict            exit 1 when any event is rejected
  -h, --help          show this help

Exit codes: 0 all sent (rejections are reported), 1 transport failure (or a
rejection with --strict), 2 usage error.
`;

/** The flags replay takes, for `node:util`'s `parseArgs` (the import command takes them too). */
export const replayFlags = {
  to: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
  brokers: { type: "string" },
  topic: { type: "string" },
  "create-topic": { type: "boolean" },
  compression: { type: "string" },
  batch: { type: "string" },
  rate: { type: "string" },
  json: { type: "boolean" },
  strict: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `help` when asked for it, else the options. Throws E7500 on a usage error. */
export function parseReplayArgs(
  args: readonly string[],
  env: ReplayEnvironment = {},
): { help: true } | { help: false; options: ReplayOptions } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: replayFlags, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  return { help: false, options: resolveReplayOptions(values, positionals, env) };
}

/** The values `parseArgs` gives for {@link replayFlags}. */
export type ReplayFlagValues = Partial<
  Record<"to" | "url" | "token" | "brokers" | "topic" | "compression" | "batch" | "rate", string> & {
    "create-topic": boolean;
    json: boolean;
    strict: boolean;
  }
>;

/**
 * The options from parsed flags and positionals (one input), `batch` defaulting to
 * `defaultBatchSize`. Throws E7500 on a usage error.
 */
export function resolveReplayOptions(
  values: ReplayFlagValues,
  positionals: readonly string[],
  env: ReplayEnvironment = {},
  defaultBatchSize = defaultBatch,
): ReplayOptions {
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length) throw usageError("expected one input file (or - for stdin)");
  const options: ReplayOptions = {
    input,
    target: resolveTarget(values, env),
    batch: values.batch === undefined ? defaultBatchSize : positiveNumber("--batch", values.batch, true),
    json: values.json ?? false,
    strict: values.strict ?? false,
  };
  if (values.rate !== undefined) options.rate = positiveNumber("--rate", values.rate, false);
  return options;
}

type Flags = Pick<ReplayFlagValues, "to" | "url" | "token" | "brokers" | "topic" | "create-topic" | "compression">;

function resolveTarget(values: Flags, env: ReplayEnvironment): TargetChoice {
  const envBrokers = env.KAFKA_BROKERS || undefined;
  const to = values.to ?? (values.url !== undefined ? "http" : (values.brokers ?? envBrokers) ? "kafka" : "http");
  if (to === "http") {
    const misplaced = (["brokers", "topic", "create-topic", "compression"] as const).find((name) =>
      values[name] !== undefined
    );
    if (misplaced) throw usageError(`--${misplaced} applies to --to kafka`);
    const url = values.url ?? defaultUrl;
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw usageError(`--url must be an http(s) URL, got "${url}"`);
    }
    const token = values.token ?? (env.ATLAS_API_TOKEN || undefined);
    return token === undefined ? { kind: "http", url: new URL(url) } : { kind: "http", url: new URL(url), token };
  }
  if (to === "kafka") {
    const misplaced = (["url", "token"] as const).find((name) => values[name] !== undefined);
    if (misplaced) throw usageError(`--${misplaced} applies to --to http`);
    const brokers = (values.brokers ?? envBrokers ?? defaultBrokers).split(",").map((b) => b.trim()).filter(Boolean);
    if (!brokers.length) throw usageError("--brokers is empty");
    const malformed = brokers.find((b) => !/^(\[[^\]]+\]|[^:\[\]]+):\d{1,5}$/.test(b));
    if (malformed) throw usageError(`a broker is host:port, got "${malformed}"`);
    const topic = values.topic ?? (env.ATLAS_TRACES_TOPIC || defaultTopic);
    const compression = values.compression ?? "none";
    if (!Object.hasOwn(compressionCodecs, compression)) {
      throw usageError(
        `--compression must be one of ${Object.keys(compressionCodecs).join(", ")}, got "${compression}"`,
      );
    }
    return {
      kind: "kafka",
      brokers,
      topic,
      createTopic: values["create-topic"] ?? false,
      compression: compression as CompressionName,
    };
  }
  throw usageError(`--to must be http or kafka, got "${to}"`);
}

function positiveNumber(flag: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw usageError(`${flag} must be a positive ${integer ? "integer" : "number"}, got "${text}"`);
  }
  return value;
}

function usageError(message: string): AtlasError {
  return new AtlasError("E7500", message);
}
