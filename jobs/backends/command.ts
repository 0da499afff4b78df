/**
 * The `command` backend: an external trainer (a LoRA script, axolotl, torchtune)
 * run as a subprocess on the exported JSONL, detached from the runtime so that it
 * survives a runtime restart and the next runtime resumes watching it.
 *
 * ## The trainer protocol
 *
 * The operator configures the program (`ATLAS_TRAINER_COMMAND`; PPO jobs run
 * `ppoCommand`); API requests never choose it. It is run as
 *
 * ```sh
 * <command...> --config <workDir>/trainer_config.json
 * ```
 *
 * with stdin closed, stdout appended to `<workDir>/trainer.stdout.jsonl` and stderr
 * to `<workDir>/trainer.stderr.log`. `trainer_config.json` holds:
 *
 * ```json
 * { "jobId": "…", "type": "sft" | "reward" | "ppo", "format": "chat",
 *   "config": { "baseModel": "…", "learningRate": 0.0001, "batchSize": 8, "epochs": 3,
 *               "lora": { "rank": 16, "alpha": 32, "dropout": 0.05 }, "seed": 42, "ppo": { … } },
 *   "train": "/abs/train.jsonl", "val": "/abs/val.jsonl" | null, "test": "/abs/test.jsonl" | null,
 *   "outputDir": "/abs/output", "rewardModel": "/abs/reward_model.json" (PPO only),
 *   "dataset": { "name": "…", "version": "…", "contentHash": "…" },
 *   "counts": { "train": 120, "val": 15, "test": 15 } }
 * ```
 *
 * The trainer:
 * - prints progress as JSON lines on stdout, any fields it has:
 *   `{"step":10,"total_steps":200,"epoch":1,"loss":2.31,"eta_seconds":40,"val_loss":2.4}`;
 *   other numeric fields are reported as metrics, a string `message` as the message,
 *   and lines that are not JSON objects (a library's warnings) are ignored;
 * - writes its artifact (weights, `adapter_config.json`…) into `outputDir`;
 * - prints `{"done":true,"metrics":{...}}` last and exits 0;
 * - on failure exits non-zero with the reason on stderr (its last 2 KB become the
 *   job's error, E7933, retryable);
 * - on SIGTERM stops promptly (it is sent SIGKILL `killGraceMs` later).
 *
 * The trainer and any processes it starts share a process group; cancelling signals
 * the whole group. Exit 0 without the done line, or with `outputDir` empty, fails the
 * job (E7933, not retryable). A trainer that vanished without an exit status (the
 * machine rebooted, the wrapper was killed) fails it with E7934.
 *
 * @example
 * ```ts
 * const backend = new CommandBackend({ command: ["python", "train_lora.py"] });
 * const handle = await backend.start(input);
 * const result = await backend.watch(input, handle, { progress: console.log, handle: save }, signal);
 * ```
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { type Clock, systemClock } from "../../clock.ts";
import type { TrainerBackend, TrainingHandle, TrainingInput, TrainingResult, WatchCallbacks } from "../backend.ts";
import { clearAttempt, hasEntries, stderrTail, trainerConfig, trainerFiles } from "./command_files.ts";
import { commandHandle } from "./command_handle.ts";
import { doneMetrics, parseTrainerLine, readLines } from "./command_progress.ts";
import { groupAlive, readNumber, signalGroup, spawnDetached } from "./detached_process.ts";

export interface CommandBackendOptions {
  /** The trainer program and its arguments, from the operator's configuration. */
  command: readonly string[];
  /** The program for PPO jobs. @default none: PPO jobs fail with E7938 */
  ppoCommand?: readonly string[];
  /** How long a cancelled trainer has between SIGTERM and SIGKILL. @default 10000 */
  killGraceMs?: number;
  /** Pause between two looks at the trainer's files. @default 500 */
  pollMs?: number;
  /** Variables added to the trainer's environment (the runtime's own are inherited). @default {} */
  env?: Record<string, string>;
  /** Variables of the runtime the trainer must not see (its secrets). @default [] */
  withheldEnv?: readonly string[];
  /** @default systemClock */
  clock?: Clock;
}

/** Runs trainers as detached subprocesses speaking the protocol above. */
export class CommandBackend implements TrainerBackend {
  readonly name = "command";
  readonly #options: Required<Omit<CommandBackendOptions, "ppoCommand">> & Pick<CommandBackendOptions, "ppoCommand">;

  constructor(options: CommandBackendOptions) {
    this.#options = { killGraceMs: 10_000, pollMs: 500, env: {}, withheldEnv: [], clock: systemClock, ...options };
  }

  async start(input: TrainingInput): Promise<TrainingHandle> {
    const command = this.#command(input);
    const files = trainerFiles(input.workDir);
    await clearAttempt(files);
    await Deno.writeTextFile(files.config, JSON.stringify(trainerConfig(input), null, 2));
    const startedAt = this.#options.clock.now();
    const { pid, processGroup } = await spawnDetached(
      [...command, "--config", files.config],
      files,
      this.#options.env,
      this.#options.withheldEnv,
    )
      .catch((cause) => {
        throw new AtlasError("E7933", `trainer did not start: ${cause.message}`, { cause, retryable: true });
      });
    return { pid, processGroup, offset: 0, startedAt };
  }

  async watch(
    input: TrainingInput,
    handle: TrainingHandle,
    on: WatchCallbacks,
    signal: AbortSignal,
  ): Promise<TrainingResult> {
    const current = commandHandle(handle);
    const files = trainerFiles(input.workDir);
    for (;;) {
      signal.throwIfAborted();
      // Liveness before the exit file: a group gone without an exit file then never gets one.
      const alive = await groupAlive(current.processGroup);
      const exitCode = await readNumber(files.exit);
      const read = await readLines(files.stdout, current.offset);
      for (const line of read.lines) {
        const parsed = parseTrainerLine(line);
        if (parsed.kind === "progress") on.progress(parsed.progress);
      }
      if (read.offset !== current.offset) {
        current.offset = read.offset;
        on.handle({ ...current });
      }
      if (exitCode !== undefined) return await finish(input, exitCode);
      if (!alive) {
        const why = "it died while nobody watched it (the runtime was down, or the machine restarted)";
        throw new AtlasError("E7934", `trainer ${current.pid} is gone without an exit status: ${why}`, {
          details: { pid: current.pid, startedAt: current.startedAt },
        });
      }
      await delay(this.#options.pollMs, signal);
    }
  }

  async cancel(_input: TrainingInput, handle: TrainingHandle): Promise<void> {
    const { processGroup } = commandHandle(handle);
    const { killGraceMs, pollMs } = this.#options;
    if (!(await signalGroup(processGroup, "TERM"))) return;
    if (await gone(processGroup, killGraceMs, pollMs)) return;
    await signalGroup(processGroup, "KILL");
    await gone(processGroup, killGraceMs, pollMs);
  }

  #command(input: TrainingInput): readonly string[] {
    const ppo = input.config.type === "ppo";
    const command = ppo ? this.#options.ppoCommand : this.#options.command;
    if (!command || command.length === 0) {
      const variable = ppo ? "the PPO trainer command" : "ATLAS_TRAINER_COMMAND";
      throw new AtlasError("E7938", `the command backend needs a trainer program: set ${variable}`);
    }
    return command;
  }
}

/** The result of a trainer that exited with `exitCode`, or the error it ended with. */
async function finish(input: TrainingInput, exitCode: number): Promise<TrainingResult> {
  const files = trainerFiles(input.workDir);
  if (exitCode !== 0) {
    const tail = await stderrTail(files.stderr);
    const killed = exitCode > 128 ? ` (signal ${exitCode - 128})` : "";
    throw new AtlasError("E7933", `trainer exited with code ${exitCode}${killed}: ${tail || "(no stderr)"}`, {
      retryable: true,
      details: { exitCode, stderrTail: tail },
    });
  }
  const metrics = await doneMetrics(files.stdout);
  if (!metrics) throw new AtlasError("E7933", "trainer exited 0 without printing its done line");
  if (!(await hasEntries(input.outputDir))) {
    throw new AtlasError("E7933", `trainer exited 0 but wrote nothing to ${input.outputDir}`);
  }
  return { metrics };
}

/** Whether the group has ended within `timeoutMs`, looking every `pollMs`. */
async function gone(group: number, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (!(await groupAlive(group))) return true;
    if (performance.now() >= deadline) return false;
    await delay(pollMs);
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
