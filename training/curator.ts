/**
 * The dataset curator: builds a dataset's next version from the examples.
 *
 * - The first version (`1.0.0`), a filter change (minor) and an example-schema change
 *   (major) filter every example again; otherwise (patch) only the examples new or
 *   changed since the parent's watermark are filtered, against the members kept.
 * - A member keeps its split for as long as it lives, and an example that changed
 *   comes back in the split it had; new ones are placed by `assignSplits`.
 * - Nothing changed: no version; the parent is answered.
 *
 * Builds of one dataset run one at a time here; across processes the version's
 * primary key refuses the second of two concurrent builds.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { AtlasError } from "../errors.ts";
import type { Database } from "../store/database.ts";
import type { Datasets } from "../store/datasets.ts";
import type { TrainingExamples } from "../store/training_examples.ts";
import { configHash, contentHash, exampleHash } from "./datasets/content_hash.ts";
import { bump, changeKind, firstVersion } from "./datasets/semver.ts";
import { assignSplits, parseSplitConfig, type Split } from "./datasets/split.ts";
import { versionStatistics } from "./datasets/statistics.ts";
import type { DatasetRecord, DatasetVersion, Lineage, Member, VersionChange } from "./dataset_version.ts";
import { exampleSchemaVersion, type TrainingExample } from "./example.ts";
import { type FilterConfig, parseFilterConfig } from "./filter/config.ts";
import { filterExamples } from "./filter/filter.ts";
import { screenExample } from "./filter/privacy_stage.ts";

export interface BuildRequest {
  name: string;
  description?: string | undefined;
  /** A FilterConfig (partial: defaults fill it); absent keeps the dataset's. */
  filter?: unknown;
  /** A SplitConfig, only when the dataset is created. */
  split?: unknown;
}

export interface BuildResult {
  version: DatasetVersion;
  /** False when nothing changed and the answer is the newest existing version. */
  created: boolean;
}

const namePattern = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

export class Curator {
  readonly #building = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: { db: Database; datasets: Datasets; examples: TrainingExamples; clock: Clock },
  ) {}

  /** Builds the next version of `request.name` (creating the dataset when new). */
  build(request: BuildRequest): Promise<BuildResult> {
    if (!namePattern.test(request.name)) {
      throw new AtlasError("E7102", `invalid dataset name "${request.name}": letters, digits, ".", "_", "-", ≤100`);
    }
    const previous = this.#building.get(request.name) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.#build(request));
    this.#building.set(request.name, next);
    return next.finally(() => {
      if (this.#building.get(request.name) === next) this.#building.delete(request.name);
    });
  }

  async #build(request: BuildRequest): Promise<BuildResult> {
    const { datasets, examples, db, clock } = this.deps;
    const now = clock.now();
    const stored = await datasets.get(request.name);
    const dataset = configure(stored, request, now);
    const parent = await datasets.latest(request.name);
    const filterHash = configHash(dataset.filter);
    const change: VersionChange = parent
      ? changeKind(parent, { schemaVersion: exampleSchemaVersion, filterHash })
      : "initial";

    const previous = parent ? await datasets.members(request.name, parent.seq) : [];
    const previousById = new Map(previous.map((m) => [m.example.id, m]));
    // Read the watermark first: a change made while the examples are read is read again next time.
    let watermark: number;
    let candidates: TrainingExample[] = [];
    let kept: Member[];
    if (change === "patch") {
      const changed = await examples.changedSince(parent!.watermark);
      watermark = changed.watermark;
      const replaced = new Set<string>();
      for (const example of changed.examples) {
        const member = previousById.get(example.id);
        // Members are stored as the privacy stage left them: compare like with like.
        const screened = screenExample(example, dataset.filter.privacy).example ?? example;
        if (member?.hash === exampleHash(screened)) continue;
        if (member) replaced.add(example.id);
        candidates.push(example);
      }
      kept = previous.filter((m) => !replaced.has(m.example.id));
    } else {
      watermark = await examples.watermark();
      for await (const example of examples.all()) candidates.push(example);
      kept = [];
    }

    const filtered = filterExamples(candidates, dataset.filter, kept.map((m) => m.example));
    candidates = [];
    const accepted = filtered.accepted.map((example) => ({ example, hash: exampleHash(example) }));
    // In a full rebuild a member whose content is unchanged stays as it is.
    const staying = change === "patch" ? kept : accepted.flatMap(({ example, hash }) => {
      const member = previousById.get(example.id);
      return member?.hash === hash ? [member] : [];
    });
    const stayingIds = new Set(staying.map((m) => m.example.id));
    const additions = accepted.filter((a) => !stayingIds.has(a.example.id));
    const removed = previous.filter((m) => !stayingIds.has(m.example.id)).map((m) => m.example.id);
    if (parent && change === "patch" && additions.length === 0 && removed.length === 0) {
      return { version: parent, created: false };
    }

    const added = placeInSplits(staying, additions, previousById, dataset);
    const members = [...staying, ...added];
    const seq = (parent?.seq ?? 0) + 1;
    const statistics = versionStatistics(members.map((m) => ({ example: m.example, split: m.split })));
    const version: DatasetVersion = {
      dataset: dataset.name,
      version: parent ? bump(parent.version, change as Exclude<VersionChange, "initial">) : firstVersion,
      seq,
      parent: parent?.version ?? null,
      change,
      reason: reasonOf(change, parent, dataset.filter, added.length, removed.length),
      schemaVersion: exampleSchemaVersion,
      filter: dataset.filter,
      filterHash,
      split: dataset.split,
      watermark,
      contentHash: contentHash(members.map((m) => ({ id: m.example.id, split: m.split, exampleHash: m.hash }))),
      counts: {
        total: members.length,
        train: statistics.train.count,
        val: statistics.val.count,
        test: statistics.test.count,
        added: added.length,
        removed: removed.length,
      },
      statistics,
      filtering: filtered.stats,
      lineage: lineageOf(parent?.version ?? null, members),
      createdAt: now,
    };
    await db.write(datasets.write({ dataset, version, added, removed, rejections: filtered.rejected }, now));
    return { version, created: true };
  }
}

/** The dataset's configuration for this build: the request's over the stored. */
function configure(stored: DatasetRecord | undefined, request: BuildRequest, now: number): DatasetRecord {
  // A stored filter takes the defaults of options added since it was stored.
  const filter: FilterConfig = parseFilterConfig(request.filter !== undefined ? request.filter : stored?.filter ?? {});
  if (
    stored && request.split !== undefined && configHash(parseSplitConfig(request.split)) !== configHash(stored.split)
  ) {
    throw new AtlasError(
      "E7102",
      `the split of dataset "${stored.name}" is fixed at its creation (members never change split): create a new dataset`,
    );
  }
  return {
    name: request.name,
    description: request.description ?? stored?.description ?? null,
    filter,
    split: stored?.split ?? parseSplitConfig(request.split ?? {}),
    createdAt: stored?.createdAt ?? now,
    updatedAt: now,
  };
}

/** New members: an example that was a member before returns to its split; the rest are assigned. */
function placeInSplits(
  staying: readonly Member[],
  additions: readonly { example: TrainingExample; hash: string }[],
  previous: ReadonlyMap<string, Member>,
  dataset: DatasetRecord,
): Member[] {
  const returning = additions.flatMap(({ example, hash }) => {
    const before = previous.get(example.id);
    return before ? [{ example, hash, split: before.split }] : [];
  });
  const fresh = additions.filter((a) => !previous.has(a.example.id));
  const existing = [...staying, ...returning].map((m) => ({
    id: m.example.id,
    stratum: m.example.domain,
    split: m.split,
  }));
  const splits = assignSplits(
    existing,
    fresh.map((a) => ({ id: a.example.id, stratum: a.example.domain })),
    dataset.split,
  );
  return [...returning, ...fresh.map((a) => ({ ...a, split: splits.get(a.example.id) as Split }))];
}

function reasonOf(
  change: VersionChange,
  parent: DatasetVersion | undefined,
  filter: FilterConfig,
  added: number,
  removed: number,
): string {
  const delta = `${added} added, ${removed} removed`;
  switch (change) {
    case "initial":
      return `first version: ${added} example${added === 1 ? "" : "s"}`;
    case "major":
      return `example schema ${parent!.schemaVersion} → ${exampleSchemaVersion}: ${delta}`;
    case "minor":
      return `filter changed (${changedFields(parent!.filter, filter).join(", ")}): ${delta}`;
    case "patch":
      return `new or changed examples: ${delta}`;
  }
}

/** The top-level filter fields that differ. */
function changedFields(before: FilterConfig, after: FilterConfig): string[] {
  return (Object.keys(after) as (keyof FilterConfig)[]).filter((k) => configHash(before[k]) !== configHash(after[k]));
}

function lineageOf(parent: string | null, members: readonly Member[]): Lineage {
  const events: Record<string, number> = {};
  let upstream = 0;
  let trajectories = 0;
  for (const { example } of members) {
    if (example.source === "upstream") upstream++;
    else trajectories++;
    for (const e of example.lineage.events) events[e.type] = (events[e.type] ?? 0) + 1;
  }
  return { parent, sources: { upstream, trajectories, events } };
}
