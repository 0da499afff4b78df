/**
 * The import command line: replay's flags (targets, batches, output) and its own
 * `--format`, `--outcome` and `--source`, resolved once into one options object.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { AtlasError } from "../../errors.ts";
import { type Outcome, outcomes } from "../../schemas/trajectory.ts";
import { type ReplayEnvironment, replayFlags, type ReplayOptions, resolveReplayOptions } from "../replay/args.ts";
import { type ImportFormat, importFormats, isImportFormat } from "./formats.ts";

/** An import, resolved from the arguments. */
export interface ImportOptions extends ReplayOptions {
  format: ImportFormat;
  /** The outcome of a run that says none. */
  outcome?: Outcome;
  /** The events' CloudEvents `source`. @default `import://<format>` */
  source: string;
}

/** Runs a batch: whole trajectories are large, and the service takes 5 MiB a request by default. */
const defaultBatch = 50;

const formatNames = Object.keys(importFormats).join("|");

/** The `--help` text. */
export const usage = `Usage: deno task import <file.jsonl | -> --format ${formatNames} [options]

Imports message logs, one run a line, into the ATLAS Learning Layer: each run
{"id"?, "messages": [...], "task"?, "outcome"?, "reward"?, "score"?, "model"?,
"metadata"?, "system"?} becomes one atlas.trajectory event, sent over HTTP
(POST /v1/events) or straight to the Kafka topic. A run that does not convert is
reported by line number and not sent. Importing a file again sends the same
events, which the service counts as duplicates. With otlp-json a line may also be
a whole OTLP/JSON trace request (as the Collector's file exporter writes them):
its spans become trajectories as POST /v1/traces makes them.

Runs:
  --format NAME       how the messages are written: ${formatNames.replaceAll("|", ", ")}
  --outcome O         the outcome of a run with none (nor a 0-1 score or reward):
                      ${outcomes.join(", ")}
  --source URI        the events' source                    [import://<format>]

Target (default: http if --url is given, else kafka if --brokers or KAFKA_BROKERS
is set, else http at http://127.0.0.1:8080):
  --to http|kafka     where to send
  --url URL           the service's base URL
  --token T           bearer token for http                 [env ATLAS_API_TOKEN]
  --brokers LIST      comma list of Kafka brokers           [env KAFKA_BROKERS]
  --topic NAME        Kafka topic                           [env ATLAS_TRACES_TOPIC, else atlas.traces]
  --create-topic      create the Kafka topic when missing
  --compression C     none, gzip, snappy, lz4 or zstd       [none]

Sending:
  --batch N           runs per request or produce call      [${defaultBatch}]
  --rate N            at most N events per second           [unlimited]

Output:
  --json              print the summary as one JSON line on stdout
  --strict            exit 1 when any run is rejected
  -h, --help          show this help

Exit codes: 0 all sent (rejections are reported), 1 transport failure (or a
rejection with --strict), 2 usage error.
`;

const importFlags = {
  ...replayFlags,
  format: { type: "string" },
  outcome: { type: "string" },
  source: { type: "string" },
} as const;

/** `help` when asked for it, else the options. Throws E7500 on a usage error. */
export function parseImportArgs(
  args: readonly string[],
  env: ReplayEnvironment = {},
): { help: true } | { help: false; options: ImportOptions } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: importFlags, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const format = values.format;
  if (format === undefined) throw usageError(`--format is required: ${formatNames}`);
  if (!isImportFormat(format)) throw usageError(`--format must be ${formatNames}, got "${format}"`);
  const outcome = values.outcome;
  if (outcome !== undefined && !(outcomes as readonly string[]).includes(outcome)) {
    throw usageError(`--outcome must be ${outcomes.join("|")}, got "${outcome}"`);
  }
  const source = values.source ?? `import://${format}`;
  if (source === "" || source.length > 1024) throw usageError("--source must be 1 to 1024 characters");
  return {
    help: false,
    options: {
      ...resolveReplayOptions(values, positionals, env, defaultBatch),
      format,
      source,
      ...(outcome !== undefined && { outcome: outcome as Outcome }),
    },
  };
}

function usageError(message: string): AtlasError {
  return new AtlasError("E7500", message);
}
