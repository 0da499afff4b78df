/**
 * The memory model's artifact: the train split of one dataset version compiled into
 * the examples a base model is shown as few-shot demonstrations, bound to that base
 * model. It is the whole of what a memory "training" produces, written as canonical
 * JSON so the same dataset version always gives the same bytes.
 *
 * The retrieval index (BM25 statistics, hashing embeddings) is not persisted: it is
 * a pure function of the entries, cheap to rebuild, and persisting it would tie the
 * artifact to one embedding's version.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import { canonicalJson } from "../../training/datasets/content_hash.ts";

/** The format tag; a change of shape is a new number. */
export const memoryFormat = "atlas-memory/1";

/** The file a memory backend writes into the job's output directory. */
export const memoryFileName = "memory.json";

export const memoryEntrySchema = z.strictObject({
  /** The example's id. */
  id: z.string().min(1),
  taskKey: z.string().min(1),
  domain: z.string(),
  input: z.string(),
  output: z.string(),
  plan: z.string().nullable(),
  /** 0–100, as the dataset judged it. */
  qualityScore: z.number().min(0).max(100),
});
export type MemoryEntry = z.infer<typeof memoryEntrySchema>;

export const memorySnapshotSchema = z.strictObject({
  format: z.literal(memoryFormat),
  /** The model the memory's examples are shown to. */
  baseModel: z.string().min(1),
  dataset: z.strictObject({ name: z.string(), version: z.string(), contentHash: z.string() }),
  /** Examples retrieved per question. */
  fewShot: z.number().int().min(1),
  /** One per task, ordered by task key then id. */
  entries: z.array(memoryEntrySchema),
});
export type MemorySnapshot = z.infer<typeof memorySnapshotSchema>;

/** A snapshot from parsed JSON, or E7208 naming every problem. */
export function parseMemorySnapshot(value: unknown): MemorySnapshot {
  const parsed = memorySnapshotSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(snapshot)"}: ${i.message}`);
  throw new AtlasError("E7208", `malformed memory snapshot: ${problems.join("; ")}`, { details: problems });
}

/** A snapshot from the text of a memory file, or E7208 when it is not JSON or not a snapshot. */
export function readMemorySnapshot(text: string): MemorySnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AtlasError("E7208", "malformed memory snapshot: not JSON", { cause: error });
  }
  return parseMemorySnapshot(value);
}

/** The file's text: canonical JSON and a newline, byte-identical for equal snapshots. */
export function writeMemorySnapshot(snapshot: MemorySnapshot): string {
  return `${canonicalJson(snapshot)}\n`;
}
