/**
 * `replayLines`: the replay itself. Lines are read, checked (or converted, by the
 * import's decoders) and gathered into batches; each batch is sent and answered
 * before more is read, so memory holds one batch whatever the input's size, and a
 * slow target slows the reading.
 *
 * @module
 */
import { decodeLine } from "./decode_line.ts";
import type { ReplayInput } from "./input.ts";
import type { Pacer } from "./pacer.ts";
import { countBatch, countRejection, type Tally } from "./tally.ts";
import type { EventLine, Rejection, ReplayTarget } from "./target.ts";
import { utf8Length } from "./utf8_length.ts";

/** One input line as the events to send (a line may hold several), or as the reason it holds none. */
export type LineDecoder = (
  text: string,
  line: number,
) => { ok: true; events: EventLine[] } | { ok: false; rejection: Rejection };

/** Replay's own lines: one CloudEvent each ({@link decodeLine}). */
export const eventLineDecoder: LineDecoder = (text, line) => {
  const decoded = decodeLine(text, line);
  return decoded.ok ? { ok: true, events: [decoded.event] } : decoded;
};

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
  /** What a line holds. @default eventLineDecoder */
  decode?: LineDecoder;
}

/** Sends every valid line of the input; blank lines are skipped, invalid ones counted. Throws what the target throws. */
export async function replayLines(options: ReplayLinesOptions): Promise<void> {
  const { input, target, batchSize, pacer, tally, onLine, decode = eventLineDecoder } = options;
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
    const decoded = decode(text, line);
    if (decoded.ok) {
      for (const event of decoded.events) {
        batch.push(event);
        if (batch.length >= batchSize) await flush();
      }
    } else countRejection(tally, decoded.rejection);
    onLine();
  }
  if (batch.length) await flush();
}
