/**
 * `decodeLine`: one input line to an event to send, or to the reason it is not one,
 * checked here so that nothing invalid travels.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { decodeEvent, keyOf } from "../../schemas/mod.ts";
import type { EventLine, Rejection } from "./target.ts";

/** A line as an event ready to send, or as the reason it is not one. */
export type DecodedLine = { ok: true; event: EventLine } | { ok: false; rejection: Rejection };

/** Checks one line (E7001 not JSON, E7002–E7004 not one of our events). Never throws. */
export function decodeLine(text: string, line: number): DecodedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const invalid = new AtlasError("E7001", `not valid JSON: ${(error as Error).message}`);
    return { ok: false, rejection: { line, code: invalid.code, message: invalid.message } };
  }
  const decoded = decodeEvent(raw);
  if (!decoded.ok) return { ok: false, rejection: { line, code: decoded.error.code, message: decoded.error.message } };
  return { ok: true, event: { line, text, key: keyOf(decoded.event) } };
}
