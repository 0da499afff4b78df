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
import { systemClock } from "../clock.ts";
import { type AtlasError, ensureError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { type ImportOptions, parseImportArgs, usage } from "./import/args.ts";
import { importFormats } from "./import/formats.ts";
import { type ImportCounts, importLineDecoder } from "./import/import_line.ts";
import { formatImportSummary, formatImportSummaryJson } from "./import/summary.ts";
import { type ReplayEnvironment, replayEnvironment } from "./replay/args.ts";
import { openInput, type ReplayInput } from "./replay/input.ts";
import { describeTarget, openReplayTarget } from "./replay/open_target.ts";
import { Pacer } from "./replay/pacer.ts";
import { ProgressBar } from "./replay/progress_bar.ts";
import { formatBytes } from "./replay/progress_format.ts";
import { replayLines } from "./replay/replay_lines.ts";
import { sleep } from "./replay/sleep.ts";
import { formatRejections } from "./replay/summary.ts";
import { newTally } from "./replay/tally.ts";
import type { ReplayTarget } from "./replay/target.ts";
import type { ReplayIo } from "./replay.ts";

/** Everything the import touches outside itself: replay's, so that tests run it in-process alike. */
export type ImportIo = ReplayIo;

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
  let input: ReplayInput;
  try {
    input = await openInput(options.input);
  } catch (error) {
    io.stderr(`import: ${ensureError(error).message}\n`);
    return 2;
  }

  const tally = newTally();
  const counts: ImportCounts = { runs: 0, steps: 0 };
  const start = io.clock.now();
  const progress = new ProgressBar({
    write: io.stderr,
    terminal: io.stderrIsTerminal,
    clock: io.clock,
    snapshot: () => ({
      bytesRead: tally.bytes,
      totalBytes: input.size,
      sent: tally.sent,
      rejected: tally.rejected,
      elapsedMs: io.clock.now() - start,
    }),
  });
  const context = options.outcome === undefined
    ? { source: options.source }
    : { source: options.source, outcome: options.outcome };
  let target: ReplayTarget | undefined;
  let failure: AtlasError | undefined;
  try {
    const log = createLogger("warn", (line) => io.stderr(`${line}\n`));
    target = await openReplayTarget(options.target, io.sleep, log);
    const pacer = new Pacer(options.rate, io.clock, io.sleep);
    const batchSize = pacer.batchSize(options.batch);
    const size = input.size === undefined ? "" : ` (${formatBytes(input.size)})`;
    io.stderr(`import: ${input.name}${size} as ${options.format} → ${target.description}, batches of ${batchSize}\n`);
    await replayLines({
      input,
      target,
      batchSize,
      pacer,
      tally,
      onLine: () => progress.tick(),
      decode: importLineDecoder(importFormats[options.format], context, counts),
    });
  } catch (error) {
    failure = ensureError(error);
    // The lines were never read when the target could not be opened: close the file.
    if (!target) await input.lines.cancel();
  } finally {
    progress.done();
    try {
      await target?.close();
    } catch (error) {
      failure ??= ensureError(error);
    }
  }

  const elapsedMs = io.clock.now() - start;
  const rejections = formatRejections(tally);
  if (rejections.length) io.stderr(`import: ${tally.rejected} rejected\n${rejections.map((r) => `  ${r}\n`).join("")}`);
  if (failure) io.stderr(`import: ${failure.code} ${failure.message}\n`);
  const where = target?.description ?? describeTarget(options.target);
  io.stdout(
    options.json
      ? `${
        formatImportSummaryJson(
          { format: options.format, source: options.source, target: where },
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

if (import.meta.main) {
  const encoder = new TextEncoder();
  const writeAll = (file: typeof Deno.stdout) => (text: string) => {
    const bytes = encoder.encode(text);
    for (let written = 0; written < bytes.length;) written += file.writeSync(bytes.subarray(written));
  };
  const env: ReplayEnvironment = Object.fromEntries(replayEnvironment.map((name) => [name, Deno.env.get(name)]));
  Deno.exit(
    await importLogs(Deno.args, {
      env,
      stdout: writeAll(Deno.stdout),
      stderr: writeAll(Deno.stderr),
      stderrIsTerminal: Deno.stderr.isTerminal(),
      clock: systemClock,
      sleep,
    }),
  );
}
