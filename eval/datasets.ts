/**
 * The datasets of a folder: every `*.events.jsonl` in it, discovered rather than
 * listed, so the eval runs unchanged on another team's runs. A file that repeats
 * trajectories another file already holds (same trajectory ids: `webshop-whole` is
 * the WebShop runs again, as whole-trajectory events) is not replayed twice. When two
 * files hold the same runs, the one that streams them (started/step/completed, as a
 * fleet sends them) is kept over the one of whole trajectories; then name order.
 *
 * @module
 */
import { type Run, runsOf } from "./runs.ts";

export interface Dataset {
  name: string;
  runs: Run[];
}

export interface LeftOut {
  /** The file, e.g. `webshop-whole.events.jsonl`. */
  file: string;
  /** Runs of it not replayed: repeats, or runs that never ended or have no task. */
  count: number;
  reason: string;
}

export interface Discovered {
  datasets: Dataset[];
  /** Files skipped whole, and runs left out of the files kept. */
  leftOut: LeftOut[];
}

export interface EventsFile {
  file: string;
  lines: Iterable<string>;
}

const suffix = ".events.jsonl";

/** Reads every `*.events.jsonl` of `folder` (sorted by name) and keeps each trajectory once. */
export async function readDatasets(folder: string): Promise<Discovered> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(folder)) {
    // A symlink too: a folder of links to other teams' files is a fine way to pick datasets.
    if ((entry.isFile || entry.isSymlink) && entry.name.endsWith(suffix)) names.push(entry.name);
  }
  const files = await Promise.all(
    names.sort().map(async (file) => ({ file, lines: (await Deno.readTextFile(`${folder}/${file}`)).split("\n") })),
  );
  return datasetsOf(files);
}

/** The datasets of some events files, each trajectory kept once (pure). */
export function datasetsOf(files: readonly EventsFile[]): Discovered {
  const parsed = files.map(({ file, lines }) => {
    const name = file.slice(0, -suffix.length);
    return { file, name, ...runsOf(name, lines) };
  });
  // Streamed: some event is not a whole trajectory (started, step, completed).
  const streamed = (runs: Run[]) =>
    runs.some((r) => r.events.some((e) => (e as { type?: string }).type !== "atlas.trajectory"));
  const ordered = [...parsed].sort((a, b) =>
    Number(streamed(b.runs)) - Number(streamed(a.runs)) || a.file.localeCompare(b.file)
  );
  const owner = new Map<string, string>();
  const datasets: Dataset[] = [];
  const leftOut: LeftOut[] = [];
  for (const { file, name, runs, invalid, unrelated } of ordered) {
    if (invalid) leftOut.push({ file, count: invalid, reason: "lines that are not valid contract events" });
    if (unrelated) leftOut.push({ file, count: unrelated, reason: "events about no trajectory (upstream layers)" });
    const repeats = runs.filter((r) => owner.has(r.trajectory.id));
    const from = [...new Set(repeats.map((r) => owner.get(r.trajectory.id)!))].join(", ");
    if (runs.length && repeats.length === runs.length) {
      leftOut.push({ file, count: runs.length, reason: `skipped: all its trajectories repeat ${from} (same ids)` });
      continue;
    }
    if (repeats.length) leftOut.push({ file, count: repeats.length, reason: `trajectories that repeat ${from}` });
    const fresh = runs.filter((r) => !owner.has(r.trajectory.id));
    for (const r of fresh) owner.set(r.trajectory.id, file);
    const open = fresh.filter((r) => !r.ended);
    if (open.length) leftOut.push({ file, count: open.length, reason: "never ended (no completed event)" });
    const untasked = fresh.filter((r) => r.ended && !r.trajectory.task);
    if (untasked.length) leftOut.push({ file, count: untasked.length, reason: "no task (no started event)" });
    const kept = fresh.filter((r) => r.ended && r.trajectory.task);
    if (kept.length) datasets.push({ name, runs: kept });
    else if (!fresh.length) leftOut.push({ file, count: 0, reason: "skipped: no trajectory events" });
  }
  datasets.sort((a, b) => a.name.localeCompare(b.name));
  return { datasets, leftOut };
}
