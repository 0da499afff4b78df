/**
 * The real agent runs of ../shared/data/events: the CloudEvents lines and what each
 * trajectory must end up as.
 *
 * @module
 */
import { runsOf } from "../../eval/runs.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import { type AtlasEvent, decodeEvent } from "../../schemas/mod.ts";

export const datasetNames = ["fever", "webshop", "voyager", "webshop-whole"] as const;
export type DatasetName = (typeof datasetNames)[number];

export interface Expected {
  steps: number;
  outcome: string;
  family: string;
  description: string;
}

const folder = new URL("../../../shared/data/events/", import.meta.url);

/** The raw lines of a dataset, in file order. */
export async function datasetLines(name: DatasetName): Promise<string[]> {
  const text = await Deno.readTextFile(new URL(`${name}.events.jsonl`, folder));
  return text.split("\n").filter((line) => line.trim());
}

/** The decoded events of a dataset; every line of the real data is valid. */
export async function datasetEvents(name: DatasetName): Promise<AtlasEvent[]> {
  return (await datasetLines(name)).map((line) => {
    const decoded = decodeEvent(JSON.parse(line));
    if (!decoded.ok) throw decoded.error;
    return decoded.event;
  });
}

/** What each trajectory of a dataset must end up as. */
export async function expectedOf(name: DatasetName): Promise<Record<string, Expected>> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.expected.json`, folder)));
}

/** Every run of every `*.events.jsonl` that ended, as learning takes it, under ids unique across datasets. */
export async function endedRuns(): Promise<Trajectory[]> {
  const runs: Trajectory[] = [];
  for await (const file of Deno.readDir(folder)) {
    if (!file.name.endsWith(".events.jsonl")) continue;
    const dataset = file.name.replace(".events.jsonl", "");
    const text = await Deno.readTextFile(new URL(file.name, folder));
    for (const run of runsOf(dataset, text.split("\n")).runs) {
      if (run.ended) runs.push({ ...run.trajectory, id: `${dataset}/${run.trajectory.id}` });
    }
  }
  return runs;
}
