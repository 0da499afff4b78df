/**
 * Task groups: the consecutive rows of one split and one task key. The store orders
 * rows by split, then taskKey, then id, so a group ends as soon as a row of another
 * one arrives, and only one group is ever held.
 *
 * Rows out of that order are not an error here, only a loss: a task whose rows come
 * in two runs makes two groups, so pairs across the runs are missed, while every pair
 * made is still within one split and one task.
 *
 * @module
 */
import type { TrainingExample } from "../example.ts";
import type { ExportRow } from "./exporter.ts";

/** The examples of each task group of `rows`, in the order they arrived. */
export async function* taskGroups(rows: AsyncIterable<ExportRow>): AsyncGenerator<TrainingExample[]> {
  let group: TrainingExample[] = [];
  let key: readonly [string, string] | null = null;
  for await (const { example, split } of rows) {
    if (key && (key[0] !== split || key[1] !== example.taskKey)) {
      yield group;
      group = [];
    }
    key = [split, example.taskKey];
    group.push(example);
  }
  if (group.length) yield group;
}

/** Best first: higher quality, then the lower id, so equal scores rank the same way every time. */
export function byQuality(a: TrainingExample, b: TrainingExample): number {
  return b.qualityScore - a.qualityScore || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
