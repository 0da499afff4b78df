/**
 * The files a command trainer leaves in the job's directory: what it is told
 * (`trainer_config.json`), what it says (`trainer.stdout.jsonl`, `trainer.stderr.log`)
 * and how to find it again (`trainer.pid`, `trainer.exit`). A watch after a restart
 * needs nothing else.
 *
 * @module
 */
import { join } from "node:path";
import type { TrainingInput } from "../backend.ts";
import type { JobConfig } from "../config.ts";
import type { DetachedFiles } from "./detached_process.ts";

/** The paths of one job's trainer files. */
export interface TrainerFiles extends DetachedFiles {
  config: string;
}

/** Where the trainer's files are in `workDir`. */
export function trainerFiles(workDir: string): TrainerFiles {
  return {
    config: join(workDir, "trainer_config.json"),
    stdout: join(workDir, "trainer.stdout.jsonl"),
    stderr: join(workDir, "trainer.stderr.log"),
    pid: join(workDir, "trainer.pid"),
    exit: join(workDir, "trainer.exit"),
  };
}

/** What the trainer reads from `--config`: the command backend's protocol, documented in command.ts. */
export interface TrainerConfig {
  jobId: string;
  type: JobConfig["type"];
  config: JobConfig;
  format: JobConfig["format"];
  train: string;
  val: string | null;
  test: string | null;
  outputDir: string;
  /** PPO only: the reward model, as the job runner resolved it (a path). */
  rewardModel?: string;
  dataset: TrainingInput["prepared"]["dataset"];
  counts: TrainingInput["prepared"]["counts"];
}

/** The trainer's configuration for `input`. */
export function trainerConfig(input: TrainingInput): TrainerConfig {
  const { files, dataset, counts } = input.prepared;
  const ppo = input.config.type === "ppo" ? input.config.ppo : undefined;
  const rewardModel = ppo?.rewardModelPath ?? ppo?.rewardModel;
  return {
    jobId: input.jobId,
    type: input.config.type,
    config: input.config,
    format: input.config.format,
    ...files,
    outputDir: input.outputDir,
    ...(rewardModel === undefined ? {} : { rewardModel }),
    dataset,
    counts,
  };
}

/**
 * Removes what an earlier attempt left, so that offsets start at 0 and an old exit
 * file does not end the new attempt. The config is rewritten by the caller.
 */
export async function clearAttempt(files: TrainerFiles): Promise<void> {
  for (const path of [files.stdout, files.stderr, files.pid, files.exit]) {
    await Deno.remove(path).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }
}

/** The last lines of the trainer's stderr, at most `maxBytes`: what a failure says. */
export async function stderrTail(path: string, maxBytes = 2048): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
  try {
    // Only the end is read: a trainer's stderr (progress bars, warnings) can be large.
    const size = (await file.stat()).size;
    const from = Math.max(0, size - maxBytes);
    await file.seek(from, Deno.SeekMode.Start);
    const tail = new Uint8Array(size - from);
    let read = 0;
    while (read < tail.length) {
      const n = await file.read(tail.subarray(read));
      if (n === null) break;
      read += n;
    }
    // Cut at a line start when cut at all: half a line (or half a character) reads as noise.
    const start = from > 0 ? tail.indexOf(0x0a) + 1 : 0;
    return new TextDecoder().decode(tail.subarray(start, read)).trim();
  } finally {
    file.close();
  }
}

/** Whether `dir` holds at least one entry. */
export async function hasEntries(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return false;
}
