/**
 * A program run detached from the runtime, through `sh`, so that it outlives a
 * runtime restart and a later runtime finds it again by its files alone.
 *
 * Everything goes through `sh`, signals and liveness checks included, so the
 * runtime needs permission to run `sh` only (`Deno.kill` would need every program).
 *
 * The wrapper script starts the program in the background with its output appended
 * to two files, writes the program's pid, waits for it and writes its exit status.
 * The pid and exit files are written to a temporary name and renamed, so a reader
 * never sees half a number.
 *
 * The wrapper leads a process group of its own (a new session), which the program
 * and the program's own workers (a launcher's GPU processes) belong to. Liveness and
 * signals address that group rather than one pid: after a reboot a reused pid may be
 * an unrelated process, but a live group led by the wrapper's pid is almost surely
 * this training; and stopping a launcher should stop its workers too. The wrapper
 * ignores TERM, INT and HUP, so it outlives the program to record how it ended.
 *
 * @module
 */

/** Where a detached program's pid, output and exit status go. */
export interface DetachedFiles {
  stdout: string;
  stderr: string;
  pid: string;
  exit: string;
}

/** A detached program once it runs. */
export interface Detached {
  /** The program's own pid. */
  pid: number;
  /** The process group: the `sh` wrapper's pid, which leads it. */
  processGroup: number;
}

const wrapper = `
stdout=$1 stderr=$2 pidfile=$3 exitfile=$4
shift 4
for name in $ATLAS_WITHHELD_ENV; do unset "$name"; done
unset ATLAS_WITHHELD_ENV
"$@" </dev/null >>"$stdout" 2>>"$stderr" &
child=$!
trap '' TERM INT HUP
echo "$child" >"$pidfile.tmp" && mv "$pidfile.tmp" "$pidfile"
wait "$child"
echo "$?" >"$exitfile.tmp" && mv "$exitfile.tmp" "$exitfile"
`;

/** How often `spawnDetached` looks for the pid file. */
const pidPollMs = 10;

/**
 * Starts `command` detached and resolves with its pid once it runs; rejects when the
 * wrapper ends without having started it.
 */
export async function spawnDetached(
  command: readonly string[],
  files: DetachedFiles,
  env: Record<string, string> = {},
  withheld: readonly string[] = [],
): Promise<Detached> {
  const child = new Deno.Command("sh", {
    args: ["-c", wrapper, "sh", files.stdout, files.stderr, files.pid, files.exit, ...command],
    // The trainer inherits the runtime's environment but for the secrets named here.
    env: { ...env, ATLAS_WITHHELD_ENV: withheld.join(" ") },
    stdin: "null",
    stdout: "null",
    stderr: "null",
    // Its own session: a Ctrl-C or a signal to the runtime's process group spares it.
    detached: true,
  }).spawn();
  child.unref();
  // Awaited even though nobody needs the status: the wrapper is reaped, never a zombie.
  let ended = false;
  child.status.then(() => ended = true, () => ended = true);
  for (;;) {
    const pid = await readNumber(files.pid);
    if (pid !== undefined) return { pid, processGroup: child.pid };
    if (ended) throw new Error(`the trainer wrapper ended before starting ${command[0]}`);
    await new Promise((resolve) => setTimeout(resolve, pidPollMs));
  }
}

/** The integer in `path`, or undefined while the file is not there. */
export async function readNumber(path: string): Promise<number | undefined> {
  try {
    const value = Number.parseInt(await Deno.readTextFile(path), 10);
    return Number.isInteger(value) ? value : undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * `kill -0 -group`, and then, where /proc exists, a look for a member that is not a
 * zombie: an orphaned member is reaped by pid 1, and in containers pid 1 often reaps
 * late or never, so a dead trainer would otherwise look alive for as long.
 */
const aliveScript = `
group=$1
kill -0 -"$group" 2>/dev/null || exit 1
[ -r /proc/self/stat ] || exit 0
for stat in /proc/[0-9]*/stat; do
  read -r line 2>/dev/null <"$stat" || continue
  set -- \${line##*") "}
  [ "$3" = "$group" ] && [ "$1" != Z ] && exit 0
done
exit 1
`;

/** Whether any process of the group is left, zombies aside. */
export async function groupAlive(group: number): Promise<boolean> {
  return (await sh(aliveScript, String(checkedGroup(group)))).success;
}

/** Sends `signal` to every process of the group; false when none was left. */
export async function signalGroup(group: number, signal: "TERM" | "KILL"): Promise<boolean> {
  return (await sh('kill -"$1" -"$2" 2>/dev/null', signal, String(checkedGroup(group)))).success;
}

/** Refuses what `kill` would read as "every process" (-1) or "my own group" (0). */
function checkedGroup(group: number): number {
  if (!Number.isSafeInteger(group) || group <= 1) throw new RangeError(`not a process group: ${group}`);
  return group;
}

function sh(script: string, ...args: string[]): Promise<Deno.CommandOutput> {
  return new Deno.Command("sh", { args: ["-c", script, "sh", ...args], stdin: "null", stdout: "null", stderr: "null" })
    .output();
}
