/**
 * The learning half of the composition root: the model (when there is a key), the
 * strategies the learning config names, the memory repositories, the per-trajectory
 * learning the analysis worker runs and the batch actor. `runtime.ts` wires it into
 * the pipeline; the API reads and commands it.
 *
 * @module
 */
import { BatchLearning, type BatchStatus } from "./actors/batch/batch_learning.ts";
import { runBatch } from "./actors/batch/run_batch.ts";
import { type LearnBatch, learningService } from "./actors/trajectory/learning_service.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { choose, type Chosen } from "./learning/choose.ts";
import { type LearningConfig, mergeLearningConfig } from "./learning/config.ts";
import { hashingEmbedding, memoized } from "./learning/embedding.ts";
import { HindsightLearner } from "./learning/hindsight.ts";
import { type OutcomeModel, outcomeModelFrom } from "./learning/outcome/model.ts";
import type { Trajectory } from "./learning/trajectory.ts";
import { AnthropicLlm } from "./llm/anthropic.ts";
import type { Llm } from "./llm/llm.ts";
import { UsageLedger } from "./llm/usage.ts";
import type { Logger } from "./log.ts";
import { Concepts } from "./store/concepts.ts";
import type { Database } from "./store/database.ts";
import { ErrorPatterns } from "./store/error_patterns.ts";
import { Learned } from "./store/learned.ts";
import { LearningState } from "./store/learning_state.ts";
import { Strategies } from "./store/strategies.ts";

export interface LearningDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Stored trajectories as learning takes them, loaded together; unknown ids are left out. */
  loadMany(trajectoryIds: readonly string[]): Promise<Map<string, Trajectory>>;
}

/** What `GET /v1/learning` shows. */
export interface LearningStatus {
  config: LearningConfig;
  /** The strategies actually running (after any fallback). */
  running: { creditStrategy: string; patternExtractor: string };
  notices: string[];
  llm: { enabled: boolean; model: string | null };
  outcomeModel: { trainedOn: number; trainingAccuracy: number } | null;
  finetune: { finetune: false; reason: string };
  batch: BatchStatus;
}

/** Task texts whose vectors stay in memory (2 KiB each): the newest tasks of the strategies in use. */
const embeddingCacheTexts = 10_000;

export class Learning {
  readonly strategies: Strategies;
  readonly concepts: Concepts;
  readonly errorPatterns: ErrorPatterns;
  readonly learned: Learned;
  readonly state: LearningState;
  readonly usage = new UsageLedger();
  readonly llm: Llm | undefined;
  /** `learn(ids)` for the analysis worker: a batch of closed trajectories. */
  readonly learn: LearnBatch;
  #config: LearningConfig;
  /** The fields set through the API, kept over the environment's across restarts. */
  #overrides: Record<string, unknown>;
  #chosen: Chosen;
  #hindsight: HindsightLearner;
  #outcomeModel: OutcomeModel | undefined;
  #batch!: BatchLearning;

  private constructor(
    private readonly base: Config,
    private readonly deps: LearningDeps,
    overrides: Record<string, unknown>,
  ) {
    const { db, log } = deps;
    this.strategies = new Strategies(
      db,
      base.embedding === "hashing" ? memoized(hashingEmbedding(), embeddingCacheTexts) : undefined,
    );
    this.concepts = new Concepts(db);
    this.errorPatterns = new ErrorPatterns(db);
    this.learned = new Learned(db);
    this.state = new LearningState(db);
    const { apiKey, baseURL, model, concurrency } = base.anthropic;
    this.llm = apiKey
      ? new AnthropicLlm({
        apiKey,
        concurrency,
        usage: this.usage,
        log,
        ...(baseURL && { baseURL }),
        ...(model && { model }),
      })
      : undefined;
    this.#overrides = overrides;
    this.#config = mergeLearningConfig(base.learning, overrides);
    this.#chosen = choose(this.#config, this.llm, () => this.#outcomeModel);
    this.#hindsight = new HindsightLearner({ llm: this.llm });
    this.learn = learningService({
      db,
      learned: this.learned,
      strategies: this.strategies,
      errorPatterns: this.errorPatterns,
      load: deps.loadMany,
      credit: () => this.#chosen.credit,
      hindsight: () => this.#hindsight,
      modelConcurrency: base.analysis.concurrency,
      clock: deps.clock,
    });
  }

  static async start(config: Config, deps: LearningDeps): Promise<Learning> {
    const state = new LearningState(deps.db);
    const overrides = (await state.get<Record<string, unknown>>("config")) ?? {};
    let learning: Learning;
    try {
      learning = new Learning(config, deps, overrides);
    } catch (error) {
      deps.log.warn("stored learning config no longer valid; using the environment's", { error: error as Error });
      learning = new Learning(config, deps, {});
    }
    const stored = await state.get<unknown>("outcome-model");
    if (stored) {
      try {
        learning.#outcomeModel = outcomeModelFrom(stored);
      } catch (error) {
        deps.log.warn("stored outcome model unreadable; waiting for the next batch", { error: error as Error });
      }
    }
    for (const notice of learning.#chosen.notices) deps.log.info(notice);
    learning.#batch = await BatchLearning.start({
      db: deps.db,
      learned: learning.learned,
      state,
      clock: deps.clock,
      log: deps.log,
      runBatch: runBatch({
        db: deps.db,
        learned: learning.learned,
        strategies: learning.strategies,
        concepts: learning.concepts,
        errorPatterns: learning.errorPatterns,
        state,
        load: deps.loadMany,
        extractor: () => learning.#chosen.extractor,
        llm: () => learning.llm,
        outcomeModelFitted: (model) => (learning.#outcomeModel = model),
        clock: deps.clock,
        log: deps.log,
      }),
    }, learning.#config);
    return learning;
  }

  get batch(): BatchLearning {
    return this.#batch;
  }

  get hindsight(): HindsightLearner {
    return this.#hindsight;
  }

  get creditStrategy(): string {
    return this.#chosen.credit.name;
  }

  /** Applies `patch` (null clears a field back to the environment's), persists it and tells the batch actor. */
  async configure(patch: unknown): Promise<LearningConfig> {
    mergeLearningConfig(this.#config, patch); // validates the patch alone: E7502 names its fields
    const overrides = { ...this.#overrides, ...(patch as Record<string, unknown>) };
    for (const [key, value] of Object.entries(overrides)) if (value === null) delete overrides[key];
    const effective = mergeLearningConfig(this.base.learning, overrides);
    await this.deps.db.write([this.state.put("config", overrides, this.deps.clock.now())]);
    this.#overrides = overrides;
    this.#config = effective;
    this.#chosen = choose(effective, this.llm, () => this.#outcomeModel);
    for (const notice of this.#chosen.notices) this.deps.log.info(notice);
    this.#batch.configure(effective);
    return effective;
  }

  status(): LearningStatus {
    return {
      config: this.#config,
      running: { creditStrategy: this.#chosen.credit.name, patternExtractor: this.#chosen.extractor.name },
      notices: this.#chosen.notices,
      llm: { enabled: this.llm !== undefined, model: this.llm?.model ?? null },
      outcomeModel: this.#outcomeModel
        ? { trainedOn: this.#outcomeModel.trainedOn, trainingAccuracy: this.#outcomeModel.trainingAccuracy }
        : null,
      finetune: this.#hindsight.shouldFinetune(),
      batch: this.#batch.status(),
    };
  }

  async stop(): Promise<void> {
    await this.#batch.stop();
  }
}
