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
import { ensureError } from "../errors.ts";
import { parseReplayArgs, usage } from "./replay/args.ts";
import { openSendInput, runFromCommandLine, type SendIo, sendLines } from "./replay/send_session.ts";
import { formatSummary, formatSummaryJson } from "./replay/summary.ts";

/** Everything replay touches outside itself, so that tests can run it in-process. */
export type ReplayIo = SendIo;

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
  const input = await openSendInput("replay", options.input, io);
  if (!input) return 2;
  const { tally, elapsedMs, target, failure } = await sendLines(input, { command: "replay", ...options }, io);
  io.stdout(
    options.json
      ? `${formatSummaryJson(tally, elapsedMs, target, failure?.toData())}\n`
      : `${formatSummary(tally, elapsedMs)}\n`,
  );
  return failure || (options.strict && tally.rejected > 0) ? 1 : 0;
}

if (import.meta.main) await runFromCommandLine(replay);
