/**
 * One job of the fake fine-tuning service and its life: validating_files → queued →
 * running → succeeded, one stage per `tick` (a read of the job), `stepsPerTick`
 * training steps per tick while running. Validating parses the uploaded files, so a
 * file without a reply on some line fails the job as a service would; running trains
 * the fake's bigram model, so each metrics event holds figures it computed. A
 * `JobScript` makes the service fail or cancel the job itself after some steps.
 *
 * @module
 */
import { BigramTrainer, sentencesOf } from "./fake_fine_tuning_bigram.ts";

/** How the service ends a job on its own, counted in training steps done. */
export interface JobScript {
  fail?: { afterSteps: number; message: string; code?: string };
  cancel?: { afterSteps: number };
}

export interface FakeFile {
  id: string;
  filename: string;
  purpose: string;
  text: string;
}

/** An event as the API lists it. */
export interface FakeEvent {
  object: "fine_tuning.job.event";
  id: string;
  created_at: number;
  level: "info" | "error";
  message: string;
  type: "message" | "metrics";
  data: Record<string, number>;
}

/** What a job needs of its service: the uploaded files and fresh ids. */
export interface JobServices {
  files: Map<string, FakeFile>;
  nextId(prefix: string): string;
  stepsPerTick: number;
}

/** A job: the API object as the service returns it, its events oldest first, and its training. */
export class FakeJob {
  readonly events: FakeEvent[] = [];
  trainer: BigramTrainer | null = null;

  constructor(
    readonly job: Record<string, unknown> & { id: string; status: string },
    readonly script: JobScript,
    private readonly services: JobServices,
  ) {
    this.#emit(`Created fine-tuning job: ${job.id}`);
  }

  get ended(): boolean {
    return ["succeeded", "failed", "cancelled"].includes(this.job.status);
  }

  /** One read's worth of the job's life. */
  tick(): void {
    if (this.job.status === "validating_files") this.#validate();
    else if (this.job.status === "queued") {
      this.job.status = "running";
      this.#emit("Fine-tuning job started");
    } else if (this.job.status === "running" && this.trainer) {
      for (let i = 0; i < this.services.stepsPerTick && this.job.status === "running"; i++) this.#train(this.trainer);
    }
  }

  /** Cancels the job, as the API's cancel or the service itself would. */
  cancel(): void {
    this.#end("cancelled", {}, "Fine-tuning job cancelled");
  }

  #validate(): void {
    const text = (id: unknown) => this.services.files.get(String(id))?.text ?? "";
    const hyper = this.job.hyperparameters as Record<string, number | undefined>;
    try {
      const validation = this.job.validation_file ? sentencesOf(text(this.job.validation_file)) : null;
      this.trainer = new BigramTrainer(sentencesOf(text(this.job.training_file)), validation, {
        batchSize: hyper.batch_size ?? 1,
        epochs: hyper.n_epochs ?? 1,
        learningRateMultiplier: hyper.learning_rate_multiplier ?? 1,
      });
      this.job.status = "queued";
      this.#emit("Files validated, moving job to queued state");
    } catch (error) {
      const message = `Invalid file format: ${(error as Error).message}`;
      this.#end("failed", { error: { code: "invalid_training_file", message, param: "training_file" } }, message);
    }
  }

  #train(trainer: BigramTrainer): void {
    const done = this.events.filter((e) => e.type === "metrics").length;
    const { fail, cancel } = this.script;
    if (fail && done >= fail.afterSteps) {
      return this.#end(
        "failed",
        { error: { code: fail.code ?? "server_error", message: fail.message, param: null } },
        fail.message,
      );
    }
    if (cancel && done >= cancel.afterSteps) return this.cancel();
    const figures = trainer.step();
    this.#emit(`Step ${figures.step}/${figures.total_steps}: training loss=${figures.train_loss.toFixed(4)}`, {
      ...figures,
    });
    if (trainer.done) this.#succeed(trainer);
  }

  #succeed(trainer: BigramTrainer): void {
    const results = this.services.nextId("file");
    const rows = this.events.filter((e) => e.type === "metrics")
      .map(({ data }) => [data.step, data.train_loss, data.valid_loss ?? ""].join(","));
    const csv = ["step,train_loss,valid_loss", ...rows].join("\n");
    this.services.files.set(results, {
      id: results,
      filename: "step_metrics.csv",
      purpose: "fine-tune-results",
      text: csv,
    });
    const model = `ft:${this.job.model}:fake-org:${this.job.suffix}:${this.job.id.slice(-6)}`;
    this.#emit(`New fine-tuned model created: ${model}`);
    const fields = { fine_tuned_model: model, result_files: [results], trained_tokens: trainer.trainedTokens };
    this.#end("succeeded", fields, "The job has successfully completed");
  }

  #end(status: string, fields: Record<string, unknown>, message: string): void {
    Object.assign(this.job, { status, finished_at: now(), ...fields });
    this.#emit(message, undefined, status === "failed" ? "error" : "info");
  }

  #emit(message: string, data?: Record<string, number>, level: FakeEvent["level"] = "info"): void {
    this.events.push({
      object: "fine_tuning.job.event",
      id: this.services.nextId("ftevent"),
      created_at: now(),
      level,
      message,
      type: data ? "metrics" : "message",
      data: data ?? {},
    });
  }
}

/** Seconds since the epoch, as the API's timestamps are. */
export function now(): number {
  return Math.floor(Date.now() / 1000);
}
