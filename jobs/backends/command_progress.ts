/**
 * The trainer's progress protocol: JSON lines on its stdout, read from a byte offset
 * so that a resumed watch delivers each line once.
 *
 * A progress line: `{"step":10,"total_steps":200,"epoch":1,"loss":2.31,"eta_seconds":40,"val_loss":2.5}`
 * (every field optional; other numeric fields are metrics, `message` a string). The
 * last line: `{"done":true,"metrics":{...}}`. Anything else (a library's warning, a
 * banner) is not progress and is skipped: a trainer's chatter never fails a job.
 *
 * @module
 */
import type { Progress } from "../backend.ts";

/** What one stdout line says. */
export type TrainerLine =
  | { kind: "progress"; progress: Progress }
  | { kind: "done"; metrics: Record<string, number> }
  | { kind: "other" };

const known = new Set(["step", "total_steps", "epoch", "loss", "eta_seconds", "message", "done", "metrics"]);

/** Reads one line of the protocol. */
export function parseTrainerLine(line: string): TrainerLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "other" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "other" };
  const fields = value as Record<string, unknown>;
  if (fields.done === true) return { kind: "done", metrics: numbers(fields.metrics, new Set()) };
  const progress: Progress = {};
  if (isNumber(fields.step)) progress.step = fields.step;
  if (isNumber(fields.total_steps)) progress.totalSteps = fields.total_steps;
  if (isNumber(fields.epoch)) progress.epoch = fields.epoch;
  if (isNumber(fields.loss)) progress.loss = fields.loss;
  if (isNumber(fields.eta_seconds)) progress.etaMs = Math.round(fields.eta_seconds * 1000);
  if (typeof fields.message === "string") progress.message = fields.message;
  const metrics = numbers(fields, known);
  if (Object.keys(metrics).length > 0) progress.metrics = metrics;
  return Object.keys(progress).length > 0 ? { kind: "progress", progress } : { kind: "other" };
}

/** The complete lines of `path` after byte `offset`, and the offset after the last of them. */
export async function readLines(path: string, offset: number): Promise<{ lines: string[]; offset: number }> {
  const bytes = await readFrom(path, offset);
  // A line still being written has no newline yet: it is read on a later poll.
  const end = bytes.lastIndexOf(0x0a) + 1;
  const text = new TextDecoder().decode(bytes.subarray(0, end));
  return { lines: text.split("\n").slice(0, -1), offset: offset + end };
}

/** The metrics of the last done line of `path`, or undefined when there is none. */
export async function doneMetrics(path: string): Promise<Record<string, number> | undefined> {
  const { lines } = await readLines(path, 0);
  for (const line of lines.toReversed()) {
    const parsed = parseTrainerLine(line);
    if (parsed.kind === "done") return parsed.metrics;
  }
  return undefined;
}

/** The bytes of `path` from `offset` on; none while the file is not there. */
async function readFrom(path: string, offset: number): Promise<Uint8Array> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return new Uint8Array();
    throw error;
  }
  try {
    await file.seek(offset, Deno.SeekMode.Start);
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    const buffer = new Uint8Array(64 * 1024);
    for (let n = await file.read(buffer); n !== null; n = await file.read(buffer)) chunks.push(buffer.slice(0, n));
    return new Uint8Array(await new Blob(chunks).arrayBuffer());
  } finally {
    file.close();
  }
}

function numbers(value: unknown, skip: Set<string>): Record<string, number> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([key, v]) => !skip.has(key) && isNumber(v)));
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
