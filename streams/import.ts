/**
 * `deno task import <file.jsonl> --format openai-chat|openai-responses|anthropic|otlp-json`:
 * imports message logs (one run a line, the provider's own messages) into the
 * service, over HTTP or straight into its Kafka topic, as replay sends events. Each
 * run becomes one `atlas.trajectory` event (`streams/import/formats.ts`); an
 * `otlp-json` line may instead be a whole OTLP/JSON request, whose spans become the
 * events `POST /v1/traces` makes of them. Every event is checked before it is sent;
 * a line that does not convert is reported by its line number and code. Progress
 * goes to stderr, the summary to stdout.
 *
 * Exit codes: 0 when everything was sent (rejections are reported, not fatal), 1 on
 * a transport failure or, with `--strict`, on any rejection, 2 on a usage error.
 *
 * @example
 * ```sh
 * deno task import ~/logs/runs.jsonl --format openai-chat --url http://127.0.0.1:8080
 * deno task import claude.jsonl --format anthropic --outcome success --to kafka --brokers 127.0.0.1:9092
 * ```
 *
 * @module
 */
import { ensureError } from "../errors.ts";
import { type ImportOptions, parseImportArgs, usage } from "./import/args.ts";
import { importFormats } from "./import/formats.ts";
import { type ImportCounts, importLineDecoder } from "./import/import_line.ts";
import { formatImportSummary, formatImportSummaryJson } from "./import/summary.ts";
import { openSendInput, runFromCommandLine, type SendIo, sendLines } from "./replay/send_session.ts";

/** Everything the import touches outside itself: replay's, so that tests run it in-process alike. */
export type ImportIo = SendIo;

/** Runs the command with `args` and returns its exit code. */
export async function importLogs(args: readonly string[], io: ImportIo): Promise<number> {
  let options: ImportOptions;
  try {
    const parsed = parseImportArgs(args, io.env);
    if (parsed.help) {
      io.stdout(usage);
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    io.stderr(`import: ${ensureError(error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  const input = await openSendInput("import", options.input, io);
  if (!input) return 2;
  const counts: ImportCounts = { runs: 0, steps: 0 };
  const context = options.outcome === undefined
    ? { source: options.source }
    : { source: options.source, outcome: options.outcome };
  const { tally, elapsedMs, target, failure } = await sendLines(input, {
    command: "import",
    input: options.input,
    target: options.target,
    batch: options.batch,
    rate: options.rate,
    decode: importLineDecoder(importFormats[options.format], context, counts),
    describe: ` as ${options.format}`,
  }, io);
  io.stdout(
    options.json
      ? `${
        formatImportSummaryJson(
          { format: options.format, source: options.source, target },
          counts,
          tally,
          elapsedMs,
          failure?.toData(),
        )
      }\n`
      : `${formatImportSummary(counts, tally, elapsedMs)}\n`,
  );
  return failure || (options.strict && tally.rejected > 0) ? 1 : 0;
}

if (import.meta.main) await runFromCommandLine(importLogs);
