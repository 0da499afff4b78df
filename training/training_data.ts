/**
 * Training data, composed: the examples and joins in the store, the extractor that
 * fills them, and the curator that turns them into dataset versions.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Trajectory } from "../learning/trajectory.ts";
import type { Logger } from "../log.ts";
import type { Registry } from "../metrics/registry.ts";
import type { Database } from "../store/database.ts";
import { Datasets } from "../store/datasets.ts";
import type { DeadLetters } from "../store/dead_letters.ts";
import { TrainingExamples } from "../store/training_examples.ts";
import { TrainingJoins } from "../store/training_joins.ts";
import { AtlasError } from "../errors.ts";
import { Curator } from "./curator.ts";
import type { DatasetVersion } from "./dataset_version.ts";
import { ExtractionWorker } from "./extraction_worker.ts";

export interface TrainingDataDeps {
  db: Database;
  deadLetters: DeadLetters;
  loadTrajectory(id: string): Promise<Trajectory | undefined>;
  clock: Clock;
  log: Logger;
  registry: Registry;
}

/** Join keys decided per transaction. */
const extractionBatchSize = 500;

export class TrainingData {
  readonly examples: TrainingExamples;
  readonly joins: TrainingJoins;
  readonly datasets: Datasets;
  readonly curator: Curator;
  readonly extraction: ExtractionWorker;

  constructor(config: Config, deps: TrainingDataDeps) {
    this.examples = new TrainingExamples(deps.db);
    this.joins = new TrainingJoins(deps.db);
    this.datasets = new Datasets(deps.db);
    this.curator = new Curator({ db: deps.db, datasets: this.datasets, examples: this.examples, clock: deps.clock });
    this.extraction = new ExtractionWorker({
      db: deps.db,
      joins: this.joins,
      examples: this.examples,
      deadLetters: deps.deadLetters,
      loadTrajectory: deps.loadTrajectory,
      clock: deps.clock,
      log: deps.log,
      settings: { ...config.extraction, batchSize: extractionBatchSize },
      metrics: {
        decided: deps.registry.counter(
          "atlas_training_joins_decided_total",
          "Training-data joins decided, by status (emitted, dead, skipped)",
        ),
      },
    });
  }

  /** A dataset's version by number, or `latest`; E7103 for no such dataset, E7104 for no such version. */
  async version(name: string, version: string): Promise<DatasetVersion> {
    if (!(await this.datasets.get(name))) throw new AtlasError("E7103", `no dataset "${name}"`);
    const found = version === "latest" ? await this.datasets.latest(name) : await this.datasets.version(name, version);
    if (!found) throw new AtlasError("E7104", `dataset "${name}" has no version ${version}`);
    return found;
  }

  /** What the store holds: examples by domain and source, joins by status, datasets and versions. */
  async counts() {
    const [examples, joins, datasets] = await Promise.all([
      this.examples.counts(),
      this.joins.counts(),
      this.datasets.counts(),
    ]);
    return { examples, joins, datasets };
  }

  /** What `/v1/stats` and `GET /v1/extraction` show. */
  async status(): Promise<Record<string, unknown>> {
    return { ...await this.counts(), extraction: this.extraction.status() };
  }
}
