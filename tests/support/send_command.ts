/**
 * Running a sending command (`deno task replay`, `deno task import`) in-process, with
 * its output captured and its waits recorded instead of waited, and the permissions
 * both tasks run with.
 *
 * @module
 */
import { systemClock } from "../../clock.ts";
import type { ReplayEnvironment } from "../../streams/replay/args.ts";
import type { SendIo } from "../../streams/replay/send_session.ts";

/** The permission set of `deno task replay` and `deno task import`: read anywhere, the network, their variables only. */
export const sendTaskPermissions = ["-P=client"];

/** Runs `command` with `args`; its exit code, what it wrote, and the waits it asked for. */
export async function runInProcess(
  command: (args: readonly string[], io: SendIo) => Promise<number>,
  args: string[],
  env: ReplayEnvironment = {},
) {
  let stdout = "";
  let stderr = "";
  const sleeps: number[] = [];
  const code = await command(args, {
    env,
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    stderrIsTerminal: false,
    clock: systemClock,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { code, stdout, stderr, sleeps };
}
