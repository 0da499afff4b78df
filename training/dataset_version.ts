/**
 * What a dataset and its versions are, as stored and shown by the API.
 *
 * @module
 */
import type { Split, SplitConfig } from "./datasets/split.ts";
import type { VersionStatistics } from "./datasets/statistics.ts";
import type { TrainingExample } from "./example.ts";
import type { FilterConfig } from "./filter/config.ts";
import type { FilterStats } from "./filter/filter.ts";

export interface DatasetRecord {
  name: string;
  description: string | null;
  /** The filter the next version is built with. */
  filter: FilterConfig;
  /** Fixed at creation: a member's split never moves. */
  split: SplitConfig;
  createdAt: number;
  updatedAt: number;
}

/** How a version came from its parent: a new example shape, a new filter, or new and changed examples. */
export type VersionChange = "initial" | "major" | "minor" | "patch";

export interface DatasetVersion {
  dataset: string;
  /** Semantic: `1.0.0`, then major for a schema change, minor for a filter change, patch for new examples. */
  version: string;
  /** 1, 2, 3… in order of creation. */
  seq: number;
  parent: string | null;
  change: VersionChange;
  /** Why, in words. */
  reason: string;
  schemaVersion: number;
  filter: FilterConfig;
  filterHash: string;
  split: SplitConfig;
  /** The last example change this version took in. */
  watermark: number;
  /** SHA-256 over the members (id, split, content hash): equal exactly when the content is. */
  contentHash: string;
  counts: { total: number; train: number; val: number; test: number; added: number; removed: number };
  statistics: VersionStatistics;
  /** What the filter did to this version's candidates. */
  filtering: FilterStats;
  lineage: Lineage;
  createdAt: number;
}

export interface Lineage {
  parent: string | null;
  /** The examples' sources: how many upstream joins and trajectories, and their events by type. */
  sources: {
    upstream: number;
    trajectories: number;
    events: Record<string, number>;
  };
}

/** A member of a version: the example as it was added, its split and content hash. */
export interface Member {
  example: TrainingExample;
  split: Split;
  hash: string;
}
