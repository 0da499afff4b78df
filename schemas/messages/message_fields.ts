/**
 * Reading a provider's message objects field by field. Message logs are the
 * providers' own JSON, unchecked until here, so every reader goes through these:
 * each failure is an E7034 that names where it is (`messages[3].tool_calls[0].id`)
 * and what is wrong, which is what a user fixing a log of ten thousand lines needs.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A place in a message log: the path to it, and the position of the message it is in. */
export class Position {
  constructor(
    /** `messages[3].tool_calls[0]`, or `system` for what is not in a message. */
    readonly path: string,
    /** The message's 0-based position in the list; undefined outside the messages. */
    readonly index?: number,
  ) {}

  /** The place of the message at `index`. */
  static message(index: number): Position {
    return new Position(`messages[${index}]`, index);
  }

  /** The place of a field (`"content"`) or an element (`2`) below this one. */
  at(key: string | number): Position {
    return new Position(typeof key === "number" ? `${this.path}[${key}]` : `${this.path}.${key}`, this.index);
  }

  /** The E7034 saying what is wrong here; `details` carry `path` and, in a message, `index`. */
  error(problem: string): AtlasError {
    const details = this.index === undefined ? { path: this.path } : { index: this.index, path: this.path };
    return new AtlasError("E7034", `${this.path}: ${problem}`, { details });
  }
}

/** `value` as an object, or E7034. */
export function objectAt(value: unknown, at: Position): JsonObject {
  if (!isObject(value)) throw at.error(`must be an object, got ${describe(value)}`);
  return value;
}

/** A required non-empty string field. */
export function requiredString(object: JsonObject, key: string, at: Position): string {
  const value = object[key];
  if (typeof value !== "string" || value === "") {
    throw at.at(key).error(`must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** A required string field, empty allowed (a text may be empty). */
export function requiredText(object: JsonObject, key: string, at: Position): string {
  const value = object[key];
  if (typeof value !== "string") throw at.at(key).error(`must be a string, got ${describe(value)}`);
  return value;
}

/** A string field that may be absent or null (and then is undefined). */
export function optionalString(object: JsonObject, key: string, at: Position): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw at.at(key).error(`must be a string, got ${describe(value)}`);
  return value;
}

/** An array field that may be absent or null (and then is empty). */
export function optionalArray(object: JsonObject, key: string, at: Position): unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw at.at(key).error(`must be an array, got ${describe(value)}`);
  return value;
}

/** The `type` of a content part or item: a non-empty string. */
export function typeOf(object: JsonObject, at: Position): string {
  return requiredString(object, "type", at);
}

/** A value named for an error message: `a number`, `null`, `an array`. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}
