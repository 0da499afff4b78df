/**
 * `deno task replay <file.jsonl>`: replays a JSON Lines file of CloudEvents (or
 * stdin) into the service, over HTTP or straight into its Kafka topic. Each line is
 * checked first; invalid ones are reported by line number and not sent. Progress
 * goes to stderr, the summary to stdout.
 *
 * Exit codes: 0 when everything was sent (rejections are reported, not fatal), 1 on
 * a transport failure or, with `--strict`, on any rejection, 2 on a usage error.
 *
 * @example
 * ```sh
 * deno task replay data/events/voyager.events.jsonl --url http://127.0.0.1:8080 --token "$ATLAS_API_TOKEN"
 * gunzip -c traces.jsonl.gz | deno task replay - --to kafka --brokers 127.0.0.1:9092 --json
 * ```
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type AtlasError, ensureError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { parseReplayArgs, type ReplayEnvironment, replayEnvironment, usage } from "./replay/args.ts";
import { openInput, type ReplayInput } from "./replay/input.ts";
import { describeTarget, openReplayTarget } from "./replay/open_target.ts";
import { Pacer } from "./replay/pacer.ts";
import { ProgressBar } from "./replay/progress_bar.ts";
import { formatBytes } from "./replay/progress_format.ts";
import { replayLines } from "./replay/replay_lines.ts";
import { type Sleep, sleep } from "./replay/sleep.ts";
import { formatRejections, formatSummary, formatSummaryJson } from "./replay/summary.ts";
import { newTally } from "./replay/tally.ts";
import type { ReplayTarget } from "./replay/target.ts";

/** Everything replay touches outside itself, so that tests can run it in-process. */
export interface ReplayIo {
  env: ReplayEnvironment;
  /** Writes text as is (no newline added). */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTerminal: boolean;
  clock: Clock;
  sleep: Sleep;
}

/** Runs the command with `args` and returns its exit code. */
export async function replay(args: readonly string[], io: ReplayIo): Promise<number> {
  let parsed;
  try {
    parsed = parseReplayArgs(args, io.env);
  } catch (error) {
    io.stderr(`replay: ${ensureError(error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(usage);
    return 0;
  }
  const { options } = parsed;
  let input: ReplayInput;
  try {
    input = await openInput(options.input);
  } catch (error) {
    io.stderr(`replay: ${ensureError(error).message}\n`);
    return 2;
  }

  const tally = newTally();
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
  let target: ReplayTarget | undefined;
  let failure: AtlasError | undefined;
  try {
    target = await openReplayTarget(options.target, io.sleep, createLogger("warn", (line) => io.stderr(`${line}\n`)));
    const pacer = new Pacer(options.rate, io.clock, io.sleep);
    const batchSize = pacer.batchSize(options.batch);
    const size = input.size === undefined ? "" : ` (${formatBytes(input.size)})`;
    const rate = options.rate === undefined ? "" : `, at most ${options.rate} events/s`;
    io.stderr(`replay: ${input.name}${size} → ${target.description}, batches of ${batchSize}${rate}\n`);
    await replayLines({ input, target, batchSize, pacer, tally, onLine: () => progress.tick() });
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
  if (rejections.length) io.stderr(`replay: ${tally.rejected} rejected\n${rejections.map((r) => `  ${r}\n`).join("")}`);
  if (failure) io.stderr(`replay: ${failure.code} ${failure.message}\n`);
  io.stdout(
    options.json
      ? `${
        formatSummaryJson(tally, elapsedMs, target?.description ?? describeTarget(options.target), failure?.toData())
      }\n`
      : `${formatSummary(tally, elapsedMs)}\n`,
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
    await replay(Deno.args, {
      env,
      stdout: writeAll(Deno.stdout),
      stderr: writeAll(Deno.stderr),
      stderrIsTerminal: Deno.stderr.isTerminal(),
      clock: systemClock,
      sleep,
    }),
  );
}
