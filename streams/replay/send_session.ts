/**
 * What the commands that send a file of lines share (`deno task replay`, `deno task
 * import`): open the input and the target, send every line with a progress bar, close
 * the target even on failure, report the rejections and the failure, and run from the
 * command line with the process's own streams and environment.
 *
 * @module
 */
import { type Clock, systemClock } from "../../clock.ts";
import { type AtlasError, ensureError } from "../../errors.ts";
import { createLogger } from "../../log.ts";
import { type ReplayEnvironment, replayEnvironment, type TargetChoice } from "./args.ts";
import { openInput, type ReplayInput } from "./input.ts";
import { describeTarget, openReplayTarget } from "./open_target.ts";
import { Pacer } from "./pacer.ts";
import { ProgressBar } from "./progress_bar.ts";
import { formatBytes } from "./progress_format.ts";
import { type LineDecoder, replayLines } from "./replay_lines.ts";
import { type Sleep, sleep } from "./sleep.ts";
import { formatRejections } from "./summary.ts";
import { newTally, type Tally } from "./tally.ts";
import type { ReplayTarget } from "./target.ts";

/** Everything a sending command touches outside itself, so that tests can run it in-process. */
export interface SendIo {
  env: ReplayEnvironment;
  /** Writes text as is (no newline added). */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTerminal: boolean;
  clock: Clock;
  sleep: Sleep;
}

export interface SendOptions {
  /** The command's name, as its messages start. */
  command: string;
  input: string;
  target: TargetChoice;
  batch: number;
  rate?: number | undefined;
  /** What a line holds. @default one CloudEvent */
  decode?: LineDecoder;
  /** Said after the input's name when sending starts (` as openai-chat`). */
  describe?: string;
}

/** What a session did: its counts, how long it took, where it sent, and why it stopped early, if it did. */
export interface Sent {
  tally: Tally;
  elapsedMs: number;
  target: string;
  failure?: AtlasError;
}

/** Opens the input; undefined (after saying why) when it cannot, which is a usage error. */
export async function openSendInput(command: string, path: string, io: SendIo): Promise<ReplayInput | undefined> {
  try {
    return await openInput(path, io.env.INIT_CWD);
  } catch (error) {
    io.stderr(`${command}: ${ensureError(error).message}\n`);
    return undefined;
  }
}

/** Sends every line of `input` to the target; reports rejections and any failure on stderr. */
export async function sendLines(input: ReplayInput, options: SendOptions, io: SendIo): Promise<Sent> {
  const { command } = options;
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
    io.stderr(
      `${command}: ${input.name}${size}${
        options.describe ?? ""
      } → ${target.description}, batches of ${batchSize}${rate}\n`,
    );
    await replayLines({
      input,
      target,
      batchSize,
      pacer,
      tally,
      onLine: () => progress.tick(),
      ...(options.decode && { decode: options.decode }),
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
  const rejections = formatRejections(tally);
  if (rejections.length) {
    io.stderr(`${command}: ${tally.rejected} rejected\n${rejections.map((r) => `  ${r}\n`).join("")}`);
  }
  if (failure) io.stderr(`${command}: ${failure.code} ${failure.message}\n`);
  return {
    tally,
    elapsedMs: io.clock.now() - start,
    target: target?.description ?? describeTarget(options.target),
    ...(failure && { failure }),
  };
}

/** Runs a command with the process's arguments, streams and environment, and exits with its code. */
export async function runFromCommandLine(
  command: (args: readonly string[], io: SendIo) => Promise<number>,
): Promise<never> {
  const encoder = new TextEncoder();
  const writeAll = (file: typeof Deno.stdout) => (text: string) => {
    const bytes = encoder.encode(text);
    for (let written = 0; written < bytes.length;) written += file.writeSync(bytes.subarray(written));
  };
  const env: ReplayEnvironment = Object.fromEntries(replayEnvironment.map((name) => [name, Deno.env.get(name)]));
  Deno.exit(
    await command(Deno.args, {
      env,
      stdout: writeAll(Deno.stdout),
      stderr: writeAll(Deno.stderr),
      stderrIsTerminal: Deno.stderr.isTerminal(),
      clock: systemClock,
      sleep,
    }),
  );
}
