/**
 * One interface for every trainer backend. A backend starts training on a prepared
 * dataset version and returns a handle (plain JSON, persisted with the job), then
 * watches it until it ends, reporting the trainer's own progress. `watch` is given
 * the persisted handle again after a restart, so it resumes where it was; it never
 * starts a second training.
 *
 * @module
 */
import type { AtlasError } from "../errors.ts";
import type { ExportRow, Split } from "../training/exports/exporter.ts";
import type { BackendName, JobConfig } from "./config.ts";

/** The dataset version a job trains on. */
export interface DatasetRef {
  name: string;
  version: string;
  contentHash: string;
}

/** What preparing produced: the version's splits exported as JSONL files in the job's directory. */
export interface PreparedData {
  dataset: DatasetRef;
  /** Absolute paths of the exported files, in `config.format`; `val`/`test` are null when that split is empty. */
  files: { train: string; val: string | null; test: string | null };
  counts: { train: number; val: number; test: number };
}

export interface TrainingInput {
  jobId: string;
  config: JobConfig;
  prepared: PreparedData;
  /** The version's rows of one split (or all), straight from the store: for in-process backends. */
  rows(split?: Split): AsyncIterable<ExportRow>;
  /** The job's own directory (exists): logs, pid files, scratch. */
  workDir: string;
  /** Where the artifact must end up (exists, empty at the first start). */
  outputDir: string;
}

/** Progress exactly as the trainer reported it; absent fields were not reported. */
export interface Progress {
  step?: number;
  totalSteps?: number;
  epoch?: number;
  loss?: number;
  /** Milliseconds to go, as the trainer estimated. */
  etaMs?: number;
  /** Any other figures the trainer reported (learning rate, accuracy, reward...). */
  metrics?: Record<string, number>;
  message?: string;
}

/** A backend's record of a running training, JSON, persisted in the job's snapshot. */
export type TrainingHandle = Record<string, unknown>;

export interface TrainingResult {
  /** The trainer's final figures (its last loss, held-out accuracy...). */
  metrics: Record<string, number>;
  /** Set when the artifact lives elsewhere (a hosted fine-tuned model's id). */
  remoteModel?: string;
}

export interface WatchCallbacks {
  progress(progress: Progress): void;
  /** The handle changed (a new log offset, the remote job's state): persist it. */
  handle(handle: TrainingHandle): void;
}

export interface TrainerBackend {
  readonly name: BackendName;
  /** Starts training; resolves once it runs, with the handle that finds it again. */
  start(input: TrainingInput): Promise<TrainingHandle>;
  /**
   * Follows the training `handle` names until it ends: resolves with the result once
   * the artifact is complete in `outputDir`, rejects with an AtlasError (E79xx, the
   * trainer's message in it) when training failed. Resumable: a new runtime calls it
   * again with the last persisted handle. Stops early (rejecting) when `signal` aborts.
   */
  watch(input: TrainingInput, handle: TrainingHandle, on: WatchCallbacks, signal: AbortSignal): Promise<TrainingResult>;
  /** Stops the training: SIGTERM then SIGKILL, or the service's cancel. Idempotent. */
  cancel(input: TrainingInput, handle: TrainingHandle): Promise<void>;
}

/** How a backend tells a retryable failure (a crash, a 5xx) from a final one. */
export type TrainingError = AtlasError;
