/**
 * Preparing a job: the dataset version it names is exported, split by split, as JSON
 * lines in the format its trainer reads, into the job's own directory, and checked:
 * a version with no training examples cannot be trained on (E7936). Exporting again
 * overwrites the same files, so a retried or resumed preparation is harmless.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";
import type { DatasetVersion } from "../training/dataset_version.ts";
import type { Split } from "../training/datasets/split.ts";
import { exporters } from "../training/exports/formats.ts";
import { toJsonl } from "../training/exports/jsonl.ts";
import type { ExportRow } from "../training/exports/exporter.ts";
import type { PreparedData } from "./backend.ts";
import type { JobConfig } from "./config.ts";

export interface PrepareDeps {
  /** The version, or E7103/E7104. */
  version(name: string, version: string): Promise<DatasetVersion>;
  rows(version: DatasetVersion, split?: Split): AsyncIterable<ExportRow>;
}

const splits = ["train", "val", "test"] as const;

export async function prepareData(
  deps: PrepareDeps,
  request: { config: JobConfig; dataset: { name: string; version: string }; dir: string },
): Promise<PreparedData> {
  const version = await deps.version(request.dataset.name, request.dataset.version);
  if (version.counts.train === 0) {
    throw new AtlasError("E7936", `dataset ${version.dataset}@${version.version} has no training examples`, {
      details: { counts: version.counts },
    });
  }
  await Deno.mkdir(request.dir, { recursive: true });
  const files = { train: null, val: null, test: null } as Record<Split, string | null>;
  const counts = { train: 0, val: 0, test: 0 } as Record<Split, number>;
  for (const split of splits) {
    if (version.counts[split] === 0) continue;
    const path = `${request.dir}/${split}.${request.config.format}.jsonl`;
    let lines = 0;
    const counted = async function* (source: AsyncIterable<unknown>) {
      for await (const line of source) {
        lines++;
        yield line;
      }
    };
    const exported = exporters[request.config.format].lines(deps.rows(version, split), {
      minMargin: request.config.minMargin,
    });
    await toJsonl(counted(exported)).pipeTo((await Deno.create(path)).writable);
    files[split] = lines > 0 ? path : null;
    counts[split] = lines;
  }
  if (counts.train === 0) {
    throw new AtlasError(
      "E7936",
      `dataset ${version.dataset}@${version.version} gives no ${request.config.format} lines to train on`,
      { details: { counts: version.counts, format: request.config.format } },
    );
  }
  return {
    dataset: { name: version.dataset, version: version.version, contentHash: version.contentHash },
    files: { train: files.train!, val: files.val, test: files.test },
    counts: { train: counts.train, val: counts.val, test: counts.test },
  };
}
