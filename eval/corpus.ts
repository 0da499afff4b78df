/**
 * The evaluation corpus: the real runs of `../shared/data/events`, one entry per
 * trajectory with its events in file order, interleaved across the task families
 * by a seeded shuffle (so no family arrives as one block, which would flatter a
 * recency baseline), and a held-out set per family that is never replayed.
 *
 * @module
 */
import { seededRandom } from "../learning/seeded_random.ts";

export interface CorpusTrajectory {
  id: string;
  family: string;
  task: string;
  /** Its CloudEvents, in the order the fleet sent them. */
  events: unknown[];
}

export interface Corpus {
  /** Replayed in this order. */
  stream: CorpusTrajectory[];
  /** Asked about, never replayed. */
  heldOut: CorpusTrajectory[];
}

/** The streamed datasets (`webshop-whole` repeats the WebShop runs as whole trajectories). */
export const datasets = ["fever", "webshop", "voyager"] as const;

/** Reads the datasets from `folder` and splits them. */
export async function loadCorpus(folder: URL, heldOutPerFamily: number, seed: number): Promise<Corpus> {
  const byId = new Map<string, CorpusTrajectory>();
  for (const name of datasets) {
    const text = await Deno.readTextFile(new URL(`${name}.events.jsonl`, folder));
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as {
        type: string;
        data: { trajectoryId: string; task?: { description: string; family?: string } };
      };
      const id = event.data.trajectoryId;
      const entry = byId.get(id) ?? { id, family: "", task: "", events: [] };
      if (event.type === "atlas.trajectory.started" && event.data.task) {
        entry.task = event.data.task.description;
        entry.family = event.data.task.family ?? "";
      }
      entry.events.push(event);
      byId.set(id, entry);
    }
  }
  const all = shuffle([...byId.values()], seed);
  // Held out from the end of the shuffled order, so the stream's start has every family.
  const heldOut: CorpusTrajectory[] = [];
  const count = new Map<string, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const t = all[i]!;
    const n = count.get(t.family) ?? 0;
    if (n >= heldOutPerFamily) continue;
    count.set(t.family, n + 1);
    heldOut.push(t);
  }
  const held = new Set(heldOut);
  const stream = all.filter((t) => !held.has(t));
  return { stream, heldOut };
}

/** Fisher–Yates with the seeded generator: the same seed, the same order. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
