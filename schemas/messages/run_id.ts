/**
 * The trajectory id of an imported run: its own `id` when it has one, else a hash
 * of its messages, so that importing the same file twice lands on the same
 * trajectories (and the second import is all duplicates) instead of on copies.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { AtlasError } from "../../errors.ts";

/** Longest trajectory id the contract takes. */
const maxId = 256;

/**
 * `id` as a trajectory id (a number is taken as its decimal text), or `run-` and 32
 * hex digits of the SHA-256 of the messages when the run has none. The hash is of
 * the messages with their keys sorted, so a log re-serialized by another tool keeps
 * its ids. Throws E7034 for an id that is neither.
 */
export function runId(id: unknown, messages: unknown): string {
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  if (typeof id === "string" && id.length >= 1 && id.length <= maxId) return id;
  if (id === undefined || id === null) {
    return `run-${createHash("sha256").update(canonicalJson(messages)).digest("hex").slice(0, 32)}`;
  }
  throw new AtlasError("E7034", `id must be a string of 1 to ${maxId} characters or a number`, {
    details: { path: "id" },
  });
}

/** JSON with every object's keys in sorted order: the same value, the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) =>
      typeof v === "object" && v !== null && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}
