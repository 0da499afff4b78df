/**
 * Content hashes that say when two dataset versions hold the same thing: the same
 * members, in the same splits, with the same content. A version whose hash equals its
 * parent's changed nothing and need not be published; a filter configuration's hash
 * tells a filter change (a minor version) from more data (a patch).
 *
 * All hashes are SHA-256 in hex over canonical JSON (keys sorted, no whitespace), so
 * they do not depend on key order, member order or the machine.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { TrainingExample } from "../example.ts";
import type { Split } from "./split.ts";

/** JSON with every object's keys sorted, recursively, and no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

/** The hash of an example's content: every field but `extractedAt`, which a replay changes and nothing else. */
export function exampleHash(example: TrainingExample): string {
  const { extractedAt: _extractedAt, ...content } = example;
  return sha256(canonicalJson(content));
}

/**
 * The hash of a version's members: one line `id TAB split TAB exampleHash LF` per
 * member, lines sorted. Changes exactly when a member is added or removed, changes
 * split, or changes content.
 */
export function contentHash(members: Iterable<{ id: string; split: Split; exampleHash: string }>): string {
  const lines: string[] = [];
  for (const m of members) lines.push(`${escapeField(m.id)}\t${m.split}\t${escapeField(m.exampleHash)}\n`);
  // Sorting whole lines gives one order whatever order the members came in: by id,
  // since TAB sorts below printable characters, and still total if an id repeats.
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line);
  return hash.digest("hex");
}

/** The hash of a configuration (or any JSON value), to tell when it changed. */
export function configHash(value: unknown): string {
  return sha256(canonicalJson(value));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const escapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n" };

/** Escapes the separators (and the escape), so no two member sets can spell the same lines. */
function escapeField(text: string): string {
  return text.replace(/[\\\t\n]/g, (c) => escapes[c]!);
}

function sorted(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  // Honour toJSON (a Date, say) the way JSON.stringify would.
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === "function") return sorted(json.call(value));
  if (Array.isArray(value)) return value.map(sorted);
  // fromEntries defines own properties, so a "__proto__" key stays data.
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, sorted(record[key])]));
}
