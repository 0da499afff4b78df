/**
 * `replayLines`: the replay itself. Lines are read, checked and gathered into
 * batches; each batch is sent and answered before more is read, so memory holds one
 * batch whatever the input's size, and a slow target slows the reading.
 *
 * @module
 */
import { decodeLine } from "./decode_line.ts";
import type { ReplayInput } from "./input.ts";
import type { Pacer } from "./pacer.ts";
import { countBatch, countRejection, type Tally } from "./tally.ts";
import type { EventLine, ReplayTarget } from "./target.ts";
import { utf8Length } from "./utf8_length.ts";

/** The input, the target, and the state a replay counts into. */
export interface ReplayLinesOptions {
  input: ReplayInput;
  target: ReplayTarget;
  /** Events per batch (under a throttle, the pacer's `batchSize`). */
  batchSize: number;
  pacer: Pacer;
  /** Counted into as the replay goes, so a failure still shows what was done. */
  tally: Tally;
  /** Called after every line: the progress bar's tick. */
  onLine: () => void;
}

/** Sends every valid line of the input; blank lines are skipped, invalid ones counted. Throws what the target throws. */
export async function replayLines(options: ReplayLinesOptions): Promise<void> {
  const { input, target, batchSize, pacer, tally, onLine } = options;
  let batch: EventLine[] = [];
  const flush = async () => {
    const full = batch;
    batch = [];
    await pacer.wait(full.length);
    countBatch(tally, full.length, await target.send(full));
  };
  let line = 0;
  for await (const text of input.lines) {
    line++;
    // Counted here rather than off the file, which is read a few chunks ahead.
    tally.bytes += utf8Length(text) + 1;
    if (text.trim() === "") continue;
    tally.lines++;
    const decoded = decodeLine(text, line);
    if (decoded.ok) batch.push(decoded.event);
    else countRejection(tally, decoded.rejection);
    if (batch.length >= batchSize) await flush();
    onLine();
  }
  if (batch.length) await flush();
}
