/**
 * The composition root: config → store → source → actors → pipeline, wired once.
 * `main.ts` serves it over HTTP; tests and benchmarks build the same runtime.
 *
 * @module
 */
import { type SchedulerLike, Subject } from "rxjs";
import { BatchApplier } from "./actors/apply_batch.ts";
import type { StateChange } from "./actors/batch_items.ts";
import { AnalysisWorker } from "./actors/trajectory/analysis_worker.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Trajectory } from "./learning/trajectory.ts";
import { Learning } from "./learning_runtime.ts";
import { createLogger, type Logger } from "./log.ts";
import { type PipelineMetrics, pipelineMetrics } from "./metrics/pipeline_metrics.ts";
import { Registry } from "./metrics/registry.ts";
import { type Database, openDatabase } from "./store/database.ts";
import { DeadLetters } from "./store/dead_letters.ts";
import { Dedupe } from "./store/dedupe.ts";
import { EventLog } from "./store/event_log.ts";
import { pruneSearches } from "./store/memory_records.ts";
import { Offsets } from "./store/offsets.ts";
import { RecentTrajectories } from "./store/recent_trajectories.ts";
import { Trajectories } from "./store/trajectories.ts";
import { DeadLetterForwarder, deadLetterTopic } from "./streams/dead_letter_topic.ts";
import { EmbeddedSource } from "./streams/embedded_source.ts";
import { embeddedIngest, type Ingest, kafkaIngest } from "./streams/ingest.ts";
import { createKafka, ensureTopics } from "./streams/kafka_client.ts";
import { KafkaProducer } from "./streams/kafka_producer.ts";
import { KafkaSource } from "./streams/kafka_source.ts";
import { OtlpBridge } from "./streams/otlp_bridge.ts";
import { Pipeline } from "./streams/pipeline.ts";
import { keepRejectedSpans, takeSpans } from "./streams/span_intake.ts";
import type { SourceHealth } from "./streams/consumer_supervisor.ts";
import type { EventSource } from "./streams/source.ts";
import { TrainingData } from "./training/training_data.ts";
import { Training } from "./training_runtime.ts";

export interface RuntimeOptions {
  clock?: Clock;
  log?: Logger;
  scheduler?: SchedulerLike;
}

export interface Runtime {
  readonly config: Config;
  readonly db: Database;
  readonly log: Logger;
  readonly clock: Clock;
  readonly registry: Registry;
  readonly metrics: PipelineMetrics;
  readonly source: EventSource;
  /** The health of every stream read: the traces source and, when configured, the OTLP topic's consumer. */
  streams(): ({ name: string } & SourceHealth)[];
  readonly trajectories: Trajectories;
  readonly deadLetters: DeadLetters;
  readonly dedupe: Dedupe;
  readonly ingest: Ingest;
  readonly pipeline: Pipeline;
  readonly worker: AnalysisWorker;
  /** Every trajectory state change, once durable. */
  readonly changes: Subject<StateChange>;
  /** A stored trajectory as learning takes it, or undefined when unknown. */
  loadTrajectory(id: string): Promise<Trajectory | undefined>;
  /** Learning: its config, memory, model and batch actor. */
  readonly learning: Learning;
  /** Training data: examples extracted from the joins, and the datasets curated from them. */
  readonly trainingData: TrainingData;
  /** Training jobs, the model registry and validation. */
  readonly training: Training;
  start(): Promise<void>;
  /** Graceful: stop fetching, flush and commit, finish running analyses, close. */
  stop(): Promise<void>;
}

const retentionSweepMs = 60 * 60_000;
/**
 * The steps (as JSON) of trajectories started here kept for learning. Learning that
 * keeps up takes them within seconds; past the budget the oldest are read back.
 */
const recentTrajectoryBytes = 32 * 1024 * 1024;

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const db = await openDatabase(config.db.url, config.db.authToken);
  const registry = new Registry();
  const metrics = pipelineMetrics(registry);
  const trajectories = new Trajectories(db);
  const recent = new RecentTrajectories(recentTrajectoryBytes);
  const dedupe = new Dedupe(db);
  const deadLetters = new DeadLetters(db);
  const eventLog = new EventLog(db);

  let source: EventSource;
  let ingest: Ingest;
  let producer: KafkaProducer | undefined;
  let otlpBridge: ((runtime: Runtime) => OtlpBridge) | undefined;
  if (config.kafka) {
    const kafka = createKafka({ brokers: config.kafka.brokers }, log);
    const otlpTopic = config.otlp.topic;
    const topics = [
      config.topic,
      deadLetterTopic(config.topic),
      ...(otlpTopic ? [otlpTopic, deadLetterTopic(otlpTopic)] : []),
    ];
    // Before each consumer starts, not here: the service starts without its broker.
    const prepare = () => ensureTopics(kafka, topics, config.kafka!.partitions);
    producer = new KafkaProducer(kafka, { compression: config.kafka.compression });
    source = new KafkaSource(kafka, {
      topic: config.topic,
      groupId: config.consumerGroup,
      sessionTimeoutMs: config.kafka.sessionTimeoutMs,
      prepare,
      restarted: () => metrics.sourceRestarts.inc(1, { consumer: "traces" }),
    }, log);
    ingest = kafkaIngest(producer, config.topic, dedupe);
    if (otlpTopic) {
      const otlpLetters = new DeadLetterForwarder(producer, otlpTopic, log);
      const settings = {
        topic: otlpTopic,
        groupId: `${config.consumerGroup}.otlp`,
        limits: config.otlp,
        sessionTimeoutMs: config.kafka.sessionTimeoutMs,
        prepare,
        restarted: () => metrics.sourceRestarts.inc(1, { consumer: "otlp" }),
      };
      otlpBridge = (runtime) =>
        new OtlpBridge(kafka, settings, {
          take: (spans, provenance) => takeSpans(runtime, spans, provenance),
          rejectSpans: (rejected, provenance) => keepRejectedSpans(runtime, rejected, provenance),
          rejectMessages: async (letters) => {
            await deadLetters.add(letters, clock.now());
            for (const letter of letters) metrics.deadLetters.inc(1, { code: letter.code });
            otlpLetters.forward(letters);
            await otlpLetters.flush();
          },
          log: log.child({ component: "otlp-bridge" }),
        });
    }
  } else {
    source = new EmbeddedSource(eventLog);
    ingest = embeddedIngest(eventLog, () => clock.now());
  }
  const offsets = new Offsets(db, config.consumerGroup, source.topic);
  const changes = new Subject<StateChange>();
  const learning = await Learning.start(config, {
    db,
    clock,
    log,
    loadMany: async (ids) => {
      const { found, missing } = recent.take(ids);
      for (const [id, trajectory] of await trajectories.loadMany(missing)) found.set(id, trajectory);
      metrics.learningLoads.inc(ids.length - missing.length, { from: "memory" });
      metrics.learningLoads.inc(missing.length, { from: "store" });
      return found;
    },
  });
  const trainingData = new TrainingData(config, {
    db,
    deadLetters,
    loadTrajectory: (id) => trajectories.load(id),
    clock,
    log,
    registry,
  });
  const training = await Training.create(config, { db, trainingData, llm: learning.llm, clock, log });

  // The worker and the applier call the pipeline declared below them; they only do so
  // once it runs.
  const worker = new AnalysisWorker({
    learn: learning.learn,
    waiting: (limit) => trajectories.waiting(applier.partitions, limit),
    report: (item) => pipeline.submit(item),
    log,
    // With the model, batches stay small (their trajectories wait in memory for the calls) and a
    // second one keeps the calls flowing while the first one's last return.
    batchSize: learning.llm
      ? Math.min(config.analysis.batchSize, 4 * config.analysis.concurrency)
      : config.analysis.batchSize,
    concurrency: learning.llm ? 2 : 1,
    maxQueued: config.analysis.maxQueued,
    learned: registry.counter("atlas_trajectories_learned_total", "Trajectories learned, by result (ok, failed)"),
    clock,
  });
  const forwarder = producer && new DeadLetterForwarder(producer, config.topic, log);
  const applier = new BatchApplier({
    db,
    offsets,
    dedupe,
    trajectories,
    recent,
    deadLetters,
    origin: source.kind,
    clock,
    log,
    metrics,
    settings: {
      inactivityGapMs: config.inactivityGapMs,
      closeGraceMs: config.closeGraceMs,
      passivateAfterMs: config.passivateAfterMs,
    },
    after: {
      stateChanged: (list) => {
        list.forEach((change) => changes.next(change));
        if (list.some((change) => change.to === "completed")) void learning.batch.measure();
      },
      deadlines: (list): void => pipeline.watch(list),
      analyze: (list) => worker.request(list),
      committed: (next) => void source.committed(next),
      deadLettered: (letters) => forwarder?.forward(letters),
      commitFailed: () => pipeline.submit({ kind: "flush" }),
    },
  });
  const pipeline: Pipeline = new Pipeline({
    source,
    applier,
    storedOffsets: (partitions) => offsets.load(partitions),
    batch: config.batch,
    maxInFlight: config.maxInFlight,
    clock,
    log,
    metrics,
    ...(options.scheduler && { scheduler: options.scheduler }),
  });

  let retention: ReturnType<typeof setInterval> | undefined;
  const sweep = async () => {
    const before = clock.now() - config.retentionMs;
    try {
      const consumed = (await offsets.load()).get(0) ?? 0;
      const ids = await dedupe.prune(before);
      const entries = config.kafka ? 0 : await eventLog.prune(consumed, before);
      const searchMinutes = await pruneSearches(db, before);
      if (ids || entries || searchMinutes) {
        log.info("retention sweep", { dedupeIds: ids, logEntries: entries, searchMinutes });
      }
    } catch (error) {
      log.warn("retention sweep failed", { error: error as Error });
    }
  };

  const runtime: Runtime = {
    config,
    db,
    log,
    clock,
    registry,
    metrics,
    source,
    trajectories,
    deadLetters,
    dedupe,
    ingest,
    pipeline,
    worker,
    changes,
    learning,
    trainingData,
    training,
    loadTrajectory: (id) => trajectories.load(id),
    streams: () => [
      { name: source.topic, ...source.health },
      ...(bridge ? [{ name: config.otlp.topic!, ...bridge.health }] : []),
    ],
    async start() {
      pipeline.start();
      bridge?.start();
      trainingData.extraction.start();
      await training.start();
      retention = setInterval(sweep, retentionSweepMs);
    },
    async stop() {
      clearInterval(retention);
      await bridge?.stop();
      await pipeline.stop();
      await worker.close();
      await learning.stop();
      await trainingData.extraction.stop();
      await training.stop();
      await forwarder?.flush();
      await producer?.disconnect();
      changes.complete();
      db.close();
    },
  };
  const bridge = otlpBridge?.(runtime);
  return runtime;
}
