/**
 * The training jobs, hosted: one actor per job, its snapshot saved (with an audit
 * row for each change of state) after every transition, restored at start so a job
 * resumes where it was, ticked for its deadline and back-off, and started when a
 * slot is free (`concurrency` jobs past `queued` at once). Finished jobs leave
 * memory; their last snapshot stays in the store.
 *
 * Stopping the runtime stops the actors but not the trainers: a command trainer runs
 * on, and the next runtime follows it again from the persisted handle (or fails the
 * job with E7934 if it died meanwhile).
 *
 * @module
 */
import { type Actor, createActor, fromCallback, fromPromise, type Snapshot } from "xstate";
import { Subject } from "rxjs";
import type { Clock } from "../../clock.ts";
import { AtlasError } from "../../errors.ts";
import type { PreparedData, TrainerBackend, TrainingHandle, TrainingInput } from "../../jobs/backend.ts";
import type { JobConfig } from "../../jobs/config.ts";
import type { Logger } from "../../log.ts";
import type { AuditLog } from "../../store/audit_log.ts";
import type { Database } from "../../store/database.ts";
import type { Jobs } from "../../store/jobs.ts";
import type { WriteStep } from "../../store/write.ts";
import type { ExportRow, Split } from "../../training/exports/exporter.ts";
import {
  type EvaluateInput,
  type Evaluation,
  failureOf,
  finalJobStates,
  type JobContext,
  type JobDataset,
  type JobEvent,
  jobMachine,
  type JobState,
  jobStateOf,
  type StartTrainerInput,
  type StopInput,
  type WatchTrainerInput,
} from "./machine.ts";

export interface TrainingJobsDeps {
  db: Database;
  jobs: Jobs;
  audit: AuditLog;
  /** The backend a job's config names, or E7938 when it is not configured. */
  backendFor(config: JobConfig): TrainerBackend;
  /** Resolves `latest` and checks the version exists (E7103/E7104). */
  resolveDataset(dataset: JobDataset): Promise<JobDataset>;
  prepare(request: { config: JobConfig; dataset: JobDataset; dir: string }): Promise<PreparedData>;
  rows(dataset: JobDataset, split?: Split): AsyncIterable<ExportRow>;
  /** Evaluates the artifact in `outputDir` and registers it; returns the model. Idempotent per job. */
  evaluate(input: EvaluateInput & { outputDir: string }): Promise<Omit<Evaluation, "at">>;
  clock: Clock;
  log: Logger;
  jobsDir: string;
  concurrency: number;
  tickMs: number;
}

/** A job as the API shows it. */
export interface JobView {
  id: string;
  state: JobState;
  type: string;
  backend: string;
  dataset: JobDataset & { contentHash?: string };
  config: JobConfig;
  attempt: number;
  progress: JobContext["progress"];
  /** Where the training runs, as its backend records it (a process group, a remote job id). */
  trainer: JobContext["handle"];
  lossHistory: JobContext["lossHistory"];
  examples: PreparedData["counts"] | null;
  metrics: Record<string, number> | null;
  modelId: string | null;
  error: JobContext["error"];
  retryAt: number | null;
  cancel: JobContext["cancel"];
  createdAt: number;
  startedAt: number | null;
  deadline: number | null;
  finishedAt: number | null;
}

type JobActor = Actor<typeof jobMachine>;
type JobSnapshot = ReturnType<JobActor["getSnapshot"]>;

export function viewOf(snapshot: { value: unknown; context: JobContext }): JobView {
  const c = snapshot.context;
  return {
    id: c.id,
    state: jobStateOf(snapshot.value),
    type: c.config.type,
    backend: c.config.backend,
    dataset: { ...c.dataset, ...(c.prepared && { contentHash: c.prepared.dataset.contentHash }) },
    config: c.config,
    attempt: c.attempt,
    progress: c.progress,
    trainer: c.handle,
    lossHistory: c.lossHistory,
    examples: c.prepared?.counts ?? null,
    metrics: c.evaluation?.metrics ?? c.result?.metrics ?? null,
    modelId: c.evaluation?.modelId ?? null,
    error: c.error,
    retryAt: c.retryAt,
    cancel: c.cancel,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    deadline: c.deadline,
    finishedAt: c.finishedAt,
  };
}

const isFinal = (state: JobState) => finalJobStates.includes(state);

export class TrainingJobs {
  /** Every change of a job once saved: each state it entered, then its latest view. */
  readonly updates = new Subject<JobView>();
  readonly #actors = new Map<string, JobActor>();
  /** The state each live job was last saved in, for the audit log's `from`. */
  readonly #saved = new Map<string, JobState>();
  /** Who asked for the change being saved (submission, cancel); the system otherwise. */
  readonly #asker = new Map<string, string>();
  #saving: Promise<unknown> = Promise.resolve();
  readonly #dirty = new Map<string, { view: JobView; persisted: unknown }>();
  /** The views where a job entered a state since the last write: sent with it, so no state is skipped. */
  readonly #entered: JobView[] = [];
  readonly #pendingAudit: WriteStep[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #aborts = new Map<string, AbortController>();

  constructor(private readonly deps: TrainingJobsDeps) {}

  /** Restores every unfinished job from its snapshot and starts the clock. */
  async start(): Promise<void> {
    for (const row of await this.deps.jobs.unfinished()) {
      this.#saved.set(row.id, row.state as JobState);
      this.#spawn(row.id, { snapshot: row.snapshot as Snapshot<unknown> });
    }
    this.#timer = setInterval(() => this.tick(), this.deps.tickMs);
    this.#fillSlots();
  }

  /** Queues a job on a dataset version; it starts when a slot is free. */
  async submit(request: { config: JobConfig; dataset: JobDataset; by: string }): Promise<JobView> {
    const dataset = await this.deps.resolveDataset(request.dataset);
    const id = `job-${this.deps.clock.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
    this.#asker.set(id, request.by);
    const actor = this.#spawn(id, { input: { id, config: request.config, dataset, now: this.deps.clock.now() } });
    await this.#flush();
    const queued = viewOf(actor.getSnapshot());
    this.#fillSlots();
    return queued;
  }

  async get(id: string): Promise<JobView> {
    const live = this.#actors.get(id);
    if (live) return viewOf(live.getSnapshot());
    // A job that just finished left memory; its last snapshot may still be on its way to the store.
    await this.#flush();
    const row = await this.deps.jobs.get(id);
    if (!row) throw new AtlasError("E7930", `no training job "${id}"`);
    return viewOf(row.snapshot as JobSnapshot);
  }

  async list(query: { state?: string; limit: number }): Promise<JobView[]> {
    const rows = await this.deps.jobs.list(query);
    return rows.map((row) => this.#actors.get(row.id)?.getSnapshot() ?? row.snapshot as JobSnapshot).map(viewOf);
  }

  /** Cancels a job; E7932 once it has finished. */
  async cancel(id: string, by: string, reason: string): Promise<JobView> {
    const actor = this.#actors.get(id);
    if (!actor) {
      const job = await this.get(id);
      throw new AtlasError("E7932", `job ${id} is ${job.state}: it can no longer be cancelled`);
    }
    this.#asker.set(id, by);
    actor.send({ type: "CANCEL", now: this.deps.clock.now(), by, reason });
    await this.#flush();
    return viewOf(actor.getSnapshot());
  }

  /** Resolves once the job has finished (succeeded, failed or cancelled) and is saved. */
  async settled(id: string): Promise<JobView> {
    const actor = this.#actors.get(id);
    if (actor) {
      await new Promise<void>((resolve) => {
        const check = () => isFinal(jobStateOf(actor.getSnapshot().value));
        if (check()) return resolve();
        const subscription = actor.subscribe(() => {
          if (check()) {
            subscription.unsubscribe();
            resolve();
          }
        });
      });
      await this.#flush();
    }
    return await this.get(id);
  }

  async counts(): Promise<Record<string, number>> {
    return await this.deps.jobs.countByState();
  }

  /** Sends every live job the time: deadlines and back-offs move on it. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const actor of this.#actors.values()) actor.send({ type: "TICK", now });
  }

  /** Stops the clock and the actors (not the trainers) and waits for the last saves. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    for (const controller of this.#aborts.values()) controller.abort();
    for (const actor of this.#actors.values()) actor.stop();
    this.#actors.clear();
    await this.#flush();
  }

  #spawn(
    id: string,
    options: { input: { id: string; config: JobConfig; dataset: JobDataset; now: number } } | {
      snapshot: Snapshot<unknown>;
    },
  ): JobActor {
    const machine = jobMachine.provide({
      actors: {
        prepare: fromPromise(({ input }) =>
          this.deps.prepare({ config: input.config, dataset: input.dataset, dir: this.#attemptDir(input.jobId) })
        ),
        startTrainer: fromPromise<TrainingHandle, StartTrainerInput>(async ({ input }) => {
          const training = await this.#trainingInput(input);
          return await this.deps.backendFor(input.config).start(training);
        }),
        watchTrainer: fromCallback<JobEvent, WatchTrainerInput>(({ input, sendBack }) => {
          const controller = new AbortController();
          this.#aborts.set(input.jobId, controller);
          const watch = async () => {
            const training = await this.#trainingInput(input);
            return await this.deps.backendFor(input.config).watch(training, input.handle, {
              progress: (progress) => sendBack({ type: "PROGRESS", progress }),
              handle: (handle) => sendBack({ type: "HANDLE", handle }),
            }, controller.signal);
          };
          watch().then(
            (result) => sendBack({ type: "TRAINED", result }),
            (error) => {
              if (controller.signal.aborted) return;
              sendBack({ type: "TRAINING_FAILED", error: failureOf(error), now: this.deps.clock.now() });
            },
          );
          return () => {
            controller.abort();
            this.#aborts.delete(input.jobId);
          };
        }),
        evaluate: fromPromise<Evaluation, EvaluateInput>(async ({ input }) => {
          const outputDir = (await this.#trainingInput(input)).outputDir;
          const evaluation = await this.deps.evaluate({ ...input, outputDir });
          return { ...evaluation, at: this.deps.clock.now() };
        }),
        stopTraining: fromPromise<{ at: number }, StopInput>(async ({ input }) => {
          if (input.handle && input.prepared) {
            const training = await this.#trainingInput({ ...input, prepared: input.prepared });
            await this.deps.backendFor(input.config).cancel(training, input.handle);
          }
          return { at: this.deps.clock.now() };
        }),
      },
    });
    const actor = createActor(
      machine,
      "input" in options ? { input: options.input } : {
        input: undefined as never,
        snapshot: options.snapshot,
      },
    );
    this.#actors.set(id, actor);
    actor.subscribe({
      next: () => this.#changed(id, actor),
      error: (error) => this.deps.log.error("job actor stopped", { job: id, error: error as Error }),
    });
    actor.start();
    return actor;
  }

  #changed(id: string, actor: JobActor): void {
    const snapshot = actor.getSnapshot();
    const state = jobStateOf(snapshot.value);
    this.#save(id, actor);
    if (isFinal(state)) {
      this.#actors.delete(id);
      queueMicrotask(() => actor.stop());
      this.#fillSlots();
    }
  }

  /** Starts the oldest queued jobs while fewer than `concurrency` are past `queued`. */
  #fillSlots(): void {
    const states = [...this.#actors.values()].map((a) => jobStateOf(a.getSnapshot().value));
    let running = states.filter((s) => s !== "queued" && !isFinal(s)).length;
    const queued = [...this.#actors.values()]
      .filter((a) => jobStateOf(a.getSnapshot().value) === "queued")
      .sort((a, b) => a.getSnapshot().context.createdAt - b.getSnapshot().context.createdAt);
    for (const actor of queued) {
      if (running >= this.deps.concurrency) return;
      actor.send({ type: "START", now: this.deps.clock.now() });
      running++;
    }
  }

  /**
   * Records the change: an audit row now if the state moved, the snapshot at the next
   * write. Writes go one at a time, each carrying every change since the last, so a
   * chatty trainer costs one write per round trip rather than one per line.
   */
  #save(id: string, actor: JobActor): void {
    const view = viewOf(actor.getSnapshot());
    const from = this.#saved.get(id) ?? null;
    if (from !== view.state) {
      const now = this.deps.clock.now();
      this.#pendingAudit.push(this.deps.audit.record({
        entity: "job",
        entityId: id,
        actor: this.#asker.get(id) ?? "system",
        at: now,
        from,
        to: view.state,
        reason: reasonOf(view, from),
        ...(view.error && view.state !== "succeeded" && { details: { error: view.error } }),
      }));
      this.#asker.delete(id);
      this.#saved.set(id, view.state);
      this.#entered.push(view);
    }
    this.#dirty.set(id, { view, persisted: actor.getPersistedSnapshot() });
    if (isFinal(view.state)) this.#saved.delete(id);
    this.#saving = this.#saving.then(() => this.#write());
  }

  async #write(): Promise<void> {
    if (this.#dirty.size === 0) return;
    const changes = [...this.#dirty.values()];
    const audit = this.#pendingAudit.splice(0);
    const entered = this.#entered.splice(0);
    this.#dirty.clear();
    const now = this.deps.clock.now();
    const rows = changes.map(({ view, persisted }) =>
      this.deps.jobs.save({
        id: view.id,
        type: view.type,
        backend: view.backend,
        state: view.state,
        dataset: view.dataset.name,
        datasetVersion: view.dataset.version,
        modelId: view.modelId,
        snapshot: persisted,
        createdAt: view.createdAt,
        updatedAt: now,
      })
    );
    try {
      await this.deps.db.write([...rows, ...audit]);
      const latest = new Set(changes.map((c) => c.view));
      for (const view of entered) if (!latest.has(view)) this.updates.next(view);
      for (const view of latest) this.updates.next(view);
    } catch (error) {
      this.deps.log.warn("could not save training jobs", {
        jobs: changes.map((c) => c.view.id),
        error: error as Error,
      });
    }
  }

  #flush(): Promise<unknown> {
    return this.#saving;
  }

  /** Each attempt works in a directory of its own: a retry never sees a failed attempt's output. */
  #attemptDir(jobId: string): string {
    const attempt = this.#actors.get(jobId)?.getSnapshot().context.attempt ?? 1;
    return `${this.deps.jobsDir}/${jobId}/attempt-${attempt}`;
  }

  async #trainingInput(
    input: { jobId: string; config: JobConfig; prepared: PreparedData },
  ): Promise<TrainingInput> {
    const workDir = this.#attemptDir(input.jobId);
    const outputDir = `${workDir}/output`;
    await Deno.mkdir(outputDir, { recursive: true });
    const dataset = { name: input.prepared.dataset.name, version: input.prepared.dataset.version };
    return {
      jobId: input.jobId,
      config: input.config,
      prepared: input.prepared,
      rows: (split) => this.deps.rows(dataset, split),
      workDir,
      outputDir,
    };
  }
}

/** Why a job moved, in words, for the audit log. */
function reasonOf(view: JobView, from: JobState | null): string {
  switch (view.state) {
    case "queued":
      return from === null ? `submitted on ${view.dataset.name}@${view.dataset.version}` : "queued";
    case "preparing":
      return from === "retrying" ? `retry ${view.attempt - 1} after ${view.error?.code}` : "a slot was free";
    case "training":
      return `exported ${view.examples?.train ?? 0} training examples`;
    case "evaluating":
      return "the trainer finished";
    case "retrying":
      return `${view.error?.code}: ${view.error?.message}`;
    case "stopping":
      return view.cancel
        ? `cancel requested: ${view.cancel.reason || "no reason given"}`
        : `${view.error?.code}: timed out`;
    case "succeeded":
      return `registered as ${view.modelId}`;
    case "failed":
      return `${view.error?.code}: ${view.error?.message}`;
    case "cancelled":
      return view.cancel?.reason || "cancelled";
  }
}
