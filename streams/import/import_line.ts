/**
 * One line of an import as the events to send: parsed, converted by its format's
 * converter, and each event checked as the service will check it, so a bad run is
 * reported by its line number and never sent.
 *
 * @module
 */
import { AtlasError, ensureError } from "../../errors.ts";
import { decodeEvent, keyOf } from "../../schemas/mod.ts";
import type { LineDecoder } from "../replay/replay_lines.ts";
import type { EventLine } from "../replay/target.ts";
import type { ImportContext, LineConverter } from "./formats.ts";

/** Runs and steps of the lines converted so far. */
export interface ImportCounts {
  runs: number;
  steps: number;
}

/**
 * A decoder for `replayLines` that converts each line with `convert` and counts
 * what it converted into `counts`. Rejections: E7001 (not JSON), the converter's
 * code (E7034 for a message log), or E7002–E7004 for an event that does not check.
 */
export function importLineDecoder(convert: LineConverter, context: ImportContext, counts: ImportCounts): LineDecoder {
  return (text, line) => {
    const reject = (error: AtlasError) => ({
      ok: false as const,
      rejection: { line, code: error.code, message: error.message },
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return reject(new AtlasError("E7001", `not valid JSON: ${(error as Error).message}`));
    }
    let converted;
    try {
      converted = convert(parsed, context);
    } catch (error) {
      return reject(ensureError(error, "E7034"));
    }
    const events: EventLine[] = [];
    for (const event of converted.events) {
      const decoded = decodeEvent(event);
      if (!decoded.ok) return reject(decoded.error);
      events.push({ line, text: JSON.stringify(event), key: keyOf(decoded.event) });
    }
    counts.runs += converted.runs;
    counts.steps += converted.steps;
    return { ok: true, events };
  };
}
