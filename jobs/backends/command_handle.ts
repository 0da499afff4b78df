/**
 * The command backend's handle: what finds a detached trainer again after a restart.
 * It is persisted as plain JSON with the job, so it is checked when read back.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { TrainingHandle } from "../backend.ts";

/** A running command trainer. */
export interface CommandHandle {
  /** The trainer's pid, for people reading the job. */
  pid: number;
  /** The process group the trainer runs in: what is checked and signalled. */
  processGroup: number;
  /** Bytes of the trainer's stdout already reported. */
  offset: number;
  /** When it started, epoch ms. */
  startedAt: number;
}

/** `handle` as a command handle; E7999 when it is not one (a handle of another backend). */
export function commandHandle(handle: TrainingHandle): CommandHandle {
  const { pid, processGroup, offset, startedAt } = handle;
  // A group of 0 or 1 would make `kill` address the runtime's own group or every process.
  const valid = isInteger(pid) && isInteger(processGroup) && processGroup > 1 && isInteger(offset) && offset >= 0 &&
    typeof startedAt === "number";
  if (!valid) throw new AtlasError("E7999", "not a command backend handle", { details: handle });
  return { pid, processGroup, offset, startedAt };
}

function isInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}
