/**
 * `GET /metrics`: the Prometheus text exposition. Besides the pipeline's own metrics
 * it shows what lives in the store (trajectories by state, dead letters by code,
 * training examples by domain, joins by status, datasets and their versions, training
 * jobs by state, models by stage) and the learning backlog (its size, the longest
 * wait, the rate), read afresh on each scrape.
 *
 * @module
 */
import { Hono } from "hono";
import type { Gauge } from "../../metrics/registry.ts";
import type { Runtime } from "../../runtime.ts";

const contentType = "text/plain; version=0.0.4";

/** Registers the store gauges on the runtime's registry: call once per runtime. */
export function metricsRoutes(runtime: Runtime): Hono {
  const { registry } = runtime;
  const trajectories = labelledGauge(
    registry.gauge("atlas_trajectories", "Stored trajectories, by actor state"),
    "state",
  );
  const deadLetters = labelledGauge(
    registry.gauge("atlas_dead_letters_stored", "Dead letters in the store, by error code"),
    "code",
  );
  const backlog = registry.gauge("atlas_analysis_backlog", "Trajectories queued or running for analysis in memory");
  const waiting = registry.gauge("atlas_learning_backlog", "Trajectories waiting to be learned (in the store)");
  const oldest = registry.gauge(
    "atlas_learning_backlog_oldest_seconds",
    "How long the longest waiting trajectory has waited to be learned",
  );
  const rate = registry.gauge("atlas_learning_rate", "Trajectories learned per second over the last minute");
  const examples = labelledGauge(
    registry.gauge("atlas_training_examples", "Training examples extracted, by domain"),
    "domain",
  );
  const joins = labelledGauge(registry.gauge("atlas_training_joins", "Training-data joins, by status"), "status");
  const datasets = labelledGauge(registry.gauge("atlas_datasets", "Datasets and dataset versions"), "kind");
  const jobs = labelledGauge(registry.gauge("atlas_training_jobs", "Training jobs, by state"), "state");
  const models = labelledGauge(registry.gauge("atlas_models", "Model versions, by stage"), "stage");

  return new Hono().get("/metrics", async (c) => {
    const [counts, letters, trainingData, training, learning] = await Promise.all([
      runtime.trajectories.counts(),
      runtime.deadLetters.counts(),
      runtime.trainingData.counts(),
      runtime.training.status(),
      runtime.trajectories.backlog(),
    ]);
    trajectories.update(counts.byState);
    deadLetters.update(letters);
    backlog.set(runtime.worker.backlog);
    waiting.set(learning.waiting);
    oldest.set(learning.oldestSince === null ? 0 : Math.max(0, runtime.clock.now() - learning.oldestSince) / 1000);
    rate.set(runtime.worker.rate.perSecond());
    examples.update(trainingData.examples.byDomain);
    joins.update(trainingData.joins);
    datasets.update(trainingData.datasets);
    jobs.update(training.jobs);
    models.update(training.models);
    return c.body(registry.render(), 200, { "Content-Type": contentType });
  });
}

/**
 * A gauge set from counts grouped by one label. A label value that no longer comes
 * back (no trajectory left in `open`) is set to 0 rather than left at its old count.
 */
function labelledGauge(gauge: Gauge, label: string) {
  const seen = new Set<string>();
  return {
    update(counts: Record<string, number>): void {
      for (const value of Object.keys(counts)) seen.add(value);
      for (const value of seen) gauge.set(counts[value] ?? 0, { [label]: value });
    },
  };
}
