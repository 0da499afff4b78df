/**
 * The pipeline's own metrics: what was read, applied, rejected and how long a
 * micro-batch took.
 *
 * @module
 */
import type { Counter, Gauge, Histogram, Registry } from "./registry.ts";

export interface PipelineMetrics {
  records: Counter;
  applied: Counter;
  duplicates: Counter;
  replayed: Counter;
  deadLetters: Counter;
  /** OpenTelemetry spans taken in, by result: mapped, ignored (no GenAI meaning), rejected. */
  spans: Counter;
  lateEvents: Counter;
  transitions: Counter;
  batches: Histogram;
  batchSize: Histogram;
  actors: Gauge;
  /** Kafka consumers replaced after they failed, by consumer (traces, otlp). */
  sourceRestarts: Counter;
  /** Trajectories loaded for learning, by where from: memory (started here) or the store. */
  learningLoads: Counter;
  inFlight: Gauge;
  paused: Gauge;
}

export function pipelineMetrics(registry: Registry): PipelineMetrics {
  return {
    records: registry.counter("atlas_records_read_total", "Records read from the event source"),
    applied: registry.counter("atlas_events_applied_total", "Events applied to actors, by type"),
    duplicates: registry.counter("atlas_events_duplicate_total", "Events skipped as a repeat of (source, id)"),
    replayed: registry.counter(
      "atlas_records_replayed_total",
      "Records skipped because their offset was already applied (replay after a crash or seek)",
    ),
    deadLetters: registry.counter("atlas_dead_letters_total", "Messages dead-lettered, by code"),
    spans: registry.counter(
      "atlas_otlp_spans_total",
      "OpenTelemetry spans received, by result (mapped, ignored: no GenAI meaning, rejected)",
    ),
    lateEvents: registry.counter("atlas_late_events_total", "Events for trajectories already closed"),
    transitions: registry.counter("atlas_trajectory_transitions_total", "Trajectory state changes, by target state"),
    batches: registry.histogram(
      "atlas_batch_duration_seconds",
      "Time to apply and persist one micro-batch",
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
    batchSize: registry.histogram(
      "atlas_batch_items",
      "Items in one micro-batch",
      [1, 10, 50, 100, 500, 1000, 2500, 5000, 10000],
    ),
    actors: registry.gauge("atlas_actors_in_memory", "Trajectory actors held in memory"),
    sourceRestarts: registry.counter(
      "atlas_source_restarts_total",
      "Kafka consumers replaced after a failure (broker gone, fetch error), by consumer (traces, otlp)",
    ),
    learningLoads: registry.counter(
      "atlas_learning_loads_total",
      "Trajectories loaded for learning, by where from (memory: started in this process; store: read back)",
    ),
    inFlight: registry.gauge("atlas_records_in_flight", "Records read but not yet persisted"),
    paused: registry.gauge("atlas_source_paused", "1 while the source is paused for backpressure"),
  };
}
