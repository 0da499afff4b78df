/**
 * The training half of the composition root: the trainer backends, the job actors,
 * the model registry and its validator, wired once over the store and the training
 * data. `runtime.ts` starts and stops it; the API reads and commands it.
 *
 * @module
 */
import { type JobView, TrainingJobs } from "./actors/job/training_jobs.ts";
import type { Clock } from "./clock.ts";
import { type Config, secretEnvironmentNames } from "./config.ts";
import { AtlasError } from "./errors.ts";
import { backendFor, type Backends } from "./jobs/backends/backends.ts";
import { CommandBackend } from "./jobs/backends/command.ts";
import { HttpFineTuningBackend } from "./jobs/backends/http.ts";
import { MemoryBackend } from "./jobs/backends/memory.ts";
import { RewardBackend, rewardModelFile } from "./jobs/backends/reward.ts";
import { type JobConfig, parseJobConfig } from "./jobs/config.ts";
import { prepareData } from "./jobs/prepare.ts";
import type { Llm } from "./llm/llm.ts";
import type { Logger } from "./log.ts";
import { Signer } from "./models/artifacts/mod.ts";
import { ModelRegistry } from "./models/registry.ts";
import { ModelValidator } from "./models/validation_runner.ts";
import { AuditLog } from "./store/audit_log.ts";
import type { Database } from "./store/database.ts";
import { Jobs } from "./store/jobs.ts";
import { Models } from "./store/models.ts";
import type { TrainingExample } from "./training/example.ts";
import type { TrainingData } from "./training/training_data.ts";

export interface TrainingDeps {
  db: Database;
  trainingData: TrainingData;
  llm: Llm | undefined;
  clock: Clock;
  log: Logger;
}

/** What a job request names besides its config. */
export interface JobRequest {
  dataset: { name: string; version: string };
  config: unknown;
  by: string;
}

export class Training {
  readonly audit: AuditLog;
  readonly registry: ModelRegistry;
  readonly validator: ModelValidator;
  readonly jobs: TrainingJobs;
  readonly #backends: Backends;

  private constructor(config: Config, deps: TrainingDeps, signer: Signer) {
    const { db, trainingData, clock, log } = deps;
    const settings = config.training;
    this.audit = new AuditLog(db);
    this.registry = new ModelRegistry({
      db,
      models: new Models(db),
      audit: this.audit,
      signer,
      artifactDir: settings.artifactDir,
      clock,
      log,
    });
    this.validator = new ModelValidator({ registry: this.registry, trainingData, llm: deps.llm, settings, clock });
    this.#backends = {
      memory: new MemoryBackend({ ...(deps.llm && { llm: deps.llm }), now: () => clock.now() }),
      reward: new RewardBackend({
        examplesFor: (input) => examplesAnswering(trainingData, input.prepared.dataset),
        now: () => clock.now(),
      }),
      ...((settings.trainerCommand || settings.ppoCommand) && {
        command: new CommandBackend({
          command: settings.trainerCommand ?? [],
          ...(settings.ppoCommand && { ppoCommand: settings.ppoCommand }),
          withheldEnv: secretEnvironmentNames,
          clock,
        }),
      }),
      ...(settings.fineTuning && {
        http: new HttpFineTuningBackend({
          baseUrl: settings.fineTuning.baseUrl,
          pollMs: settings.fineTuning.pollMs,
          ...(settings.fineTuning.apiKey && { apiKey: settings.fineTuning.apiKey }),
        }),
      }),
    };
    const registry = this.registry;
    this.jobs = new TrainingJobs({
      db,
      jobs: new Jobs(db),
      audit: this.audit,
      backendFor: (jobConfig) => backendFor(this.#backends, jobConfig),
      resolveDataset: async ({ name, version }) => ({
        name,
        version: (await trainingData.version(name, version)).version,
      }),
      prepare: (request) =>
        prepareData({
          version: (name, version) => trainingData.version(name, version),
          rows: (version, split) => trainingData.datasets.exportRows(version.dataset, version.seq, split),
        }, request),
      rows: (dataset, split) => versionRows(trainingData, dataset, split),
      evaluate: async (input) => {
        const model = await registry.register({
          name: input.config.modelName ?? `${input.dataset.name}-${input.config.type}`,
          kind: input.config.type === "reward" ? "reward" : "policy",
          baseModel: input.config.baseModel,
          backend: input.config.backend,
          jobId: input.jobId,
          dataset: input.prepared.dataset,
          sourceDir: input.outputDir,
          metrics: input.result.metrics,
          by: "system",
        });
        return { modelId: model.id, metrics: input.result.metrics };
      },
      clock,
      log,
      jobsDir: settings.jobsDir,
      concurrency: settings.concurrency,
      tickMs: settings.tickMs,
    });
  }

  static async create(config: Config, deps: TrainingDeps): Promise<Training> {
    return new Training(config, deps, await Signer.fromConfig(config.training.signingKey));
  }

  /** Validates a job request and queues it: E7931 for its config, E7938 for a backend not configured. */
  async submit(request: JobRequest): Promise<JobView> {
    const config = await this.#resolvePpo(parseJobConfig(request.config));
    backendFor(this.#backends, config);
    return await this.jobs.submit({ config, dataset: request.dataset, by: request.by });
  }

  /** A PPO job names its reward model by id or alias; the trainer gets the verified artifact's file. */
  async #resolvePpo(config: JobConfig): Promise<JobConfig> {
    if (!config.ppo) return config;
    const model = await this.registry.get(config.ppo.rewardModel);
    if (model.kind !== "reward") {
      throw new AtlasError("E7300", `${model.id} is not a reward model`, { details: { kind: model.kind } });
    }
    const dir = await this.registry.load(model);
    return { ...config, ppo: { ...config.ppo, rewardModel: model.id, rewardModelPath: `${dir}/${rewardModelFile}` } };
  }

  async start(): Promise<void> {
    await this.jobs.start();
  }

  async stop(): Promise<void> {
    await this.jobs.stop();
  }

  /** What `/v1/stats` shows: jobs by state, models by stage. */
  async status(): Promise<{ jobs: Record<string, number>; models: Record<string, number> }> {
    const [jobs, models] = await Promise.all([this.jobs.counts(), this.registry.counts()]);
    return { jobs, models };
  }
}

async function* versionRows(
  trainingData: TrainingData,
  dataset: { name: string; version: string },
  split?: "train" | "val" | "test",
) {
  const version = await trainingData.version(dataset.name, dataset.version);
  yield* trainingData.datasets.exportRows(version.dataset, version.seq, split);
}

/** Every stored example whose task is one of the version's: its members and the answers filtered out. */
async function examplesAnswering(
  trainingData: TrainingData,
  dataset: { name: string; version: string },
): Promise<TrainingExample[]> {
  const tasks = new Set<string>();
  for await (const row of versionRows(trainingData, dataset)) tasks.add(row.example.taskKey);
  const examples: TrainingExample[] = [];
  for await (const example of trainingData.examples.all()) {
    if (tasks.has(example.taskKey)) examples.push(example);
  }
  return examples;
}
