/**
 * Decoding a source record into an event the actors take, or into the reason it
 * cannot be one (for the dead letters).
 *
 * @module
 */
import type { Item } from "../actors/batch_items.ts";
import { AtlasError } from "../errors.ts";
import { decodeEvent, readMessage } from "../schemas/mod.ts";
import type { SourceRecord } from "./source.ts";

/** A record as an `event` item, or an `invalid` item carrying the error. Never throws. */
export function decodeRecord(record: SourceRecord): Extract<Item, { kind: "event" | "invalid" }> {
  if (record.undecodable) {
    const headers = { ...record.headers, "atlas-value-encoding": "base64" };
    return { kind: "invalid", record: { ...record, headers }, error: new AtlasError("E7001", record.undecodable) };
  }
  let raw: unknown;
  try {
    raw = readMessage(record.value, record.headers);
  } catch (error) {
    return {
      kind: "invalid",
      record,
      error: new AtlasError("E7001", `message is not valid JSON: ${(error as Error).message}`),
    };
  }
  const decoded = decodeEvent(raw);
  return decoded.ok
    ? { kind: "event", position: record.position, event: decoded.event }
    : { kind: "invalid", record, error: decoded.error };
}
