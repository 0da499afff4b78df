/**
 * The service as a subprocess, started exactly as `deno task start` starts it (same
 * permissions), for tests that kill it.
 *
 * @module
 */

export interface Service {
  readonly url: string;
  readonly process: Deno.ChildProcess;
  /** SIGKILL: no flush, no commit, nothing graceful. */
  kill9(): Promise<void>;
  /** SIGTERM and the exit code. */
  stop(): Promise<number>;
}

const root = new URL("../../", import.meta.url);

/** The `deno run ...` arguments of the start task, so tests run what users run. */
async function startTaskArgs(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
  const [deno, ...args] = String(config.tasks.start).split(/\s+/);
  if (deno !== "deno") throw new Error(`unexpected start task: ${config.tasks.start}`);
  return args;
}

/** What Deno itself needs from the environment to find its cache and temporary files. */
function inherited(): Record<string, string> {
  const names = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"];
  return Object.fromEntries(names.flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value]];
  }));
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

export interface ServiceOptions {
  /** Its log (stderr) goes to this file instead of the test's stderr. */
  logFile?: string;
  /**
   * SIGXFSZ ignored, so that a file-size limit set on it (`prlimit --fsize`, a full
   * disk as the nemesis suite plays it) fails its writes with EFBIG instead of killing it.
   */
  survivesFileSizeLimit?: boolean;
}

/** Starts the service with `env` and waits until /healthz answers. */
export async function startService(env: Record<string, string>, options: ServiceOptions = {}): Promise<Service> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = await startTaskArgs();
  // `exec` keeps the pid: the shell only sets the signal's disposition, which exec keeps.
  const [command, commandArgs] = options.survivesFileSizeLimit
    ? ["bash", ["-c", 'trap "" XFSZ; exec "$0" "$@"', Deno.execPath(), ...args]]
    : [Deno.execPath(), args];
  const log = options.logFile ? await Deno.open(options.logFile, { append: true, create: true }) : undefined;
  const process = new Deno.Command(command, {
    args: commandArgs,
    cwd: root,
    // Only what the test gives it: a KAFKA_BROKERS set for the test run must not turn an embedded service into
    // a consumer of the default topic, which other tests fill.
    clearEnv: true,
    env: { ...inherited(), ...env, PORT: String(port), ATLAS_LOG_LEVEL: env.ATLAS_LOG_LEVEL ?? "warn" },
    stdin: "null",
    stdout: "null",
    stderr: log ? "piped" : "inherit",
  }).spawn();
  if (log) void process.stderr.pipeTo(log.writable).catch(() => {});
  const deadline = Date.now() + 30_000;
  while (true) {
    try {
      const response = await fetch(`${url}/healthz`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill("SIGKILL");
      await process.status;
      throw new Error("the service did not answer /healthz within 30 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process,
    async kill9() {
      process.kill("SIGKILL");
      await process.status;
    },
    async stop() {
      try {
        process.kill("SIGTERM");
      } catch {
        // already exited
      }
      return (await process.status).code;
    },
  };
}

/** Runs the start task as `deno task start` does, with `env` alone, to its exit: for a service that must refuse to start. */
export async function runStartTask(env: Record<string, string>): Promise<{ code: number; text: string }> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: await startTaskArgs(),
    cwd: root,
    clearEnv: true,
    env: { ...inherited(), ...env },
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, text: new TextDecoder().decode(stderr) };
}

/** A fresh folder the service may write: `deno task start` may write only under ./data. */
export async function serviceDataDir(prefix: string): Promise<string> {
  const data = new URL("data/", root);
  await Deno.mkdir(data, { recursive: true });
  return await Deno.makeTempDir({ dir: data.pathname, prefix });
}
