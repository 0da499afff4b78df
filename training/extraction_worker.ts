/**
 * The training-data extractor: off the hot path, in micro-batches, it takes the join
 * keys that are ready (every part in, or waited long enough), decides each (see
 * `join.ts`), and writes the new or changed examples, the decisions and the dead
 * letters in ONE transaction. A join whose parts changed while it was decided stays
 * pending; an example whose content did not change is not rewritten. So a replay, a
 * repeated part or a crash between reading and writing changes nothing twice.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { ensureError } from "../errors.ts";
import type { Trajectory } from "../learning/trajectory.ts";
import type { Logger } from "../log.ts";
import type { Counter } from "../metrics/registry.ts";
import type { Database } from "../store/database.ts";
import type { DeadLetter, DeadLetters } from "../store/dead_letters.ts";
import type { TrainingExamples } from "../store/training_examples.ts";
import type { JoinOutcome, ReadyJoin, TrainingJoins } from "../store/training_joins.ts";
import { steps } from "../store/write.ts";
import { exampleHash } from "./datasets/content_hash.ts";
import type { TrainingExample } from "./example.ts";
import { decideExecution, decideTrajectory, type JoinDecision, type JoinSettings } from "./join.ts";

export interface ExtractionSettings {
  /** How long a join waits for its parts after the first arrived. */
  waitMs: number;
  /** The confidence of a trajectory's own outcome when no evaluator scored it. */
  outcomeConfidence: number;
  /** Join keys decided per transaction. */
  batchSize: number;
  /** How often the store is asked for ready joins. */
  intervalMs: number;
}

export interface ExtractionDeps {
  db: Database;
  joins: TrainingJoins;
  examples: TrainingExamples;
  deadLetters: DeadLetters;
  loadTrajectory(id: string): Promise<Trajectory | undefined>;
  clock: Clock;
  log: Logger;
  settings: ExtractionSettings;
  metrics: { decided: Counter };
}

/** What one micro-batch did. */
export interface ExtractionRound {
  decided: number;
  emitted: number;
  unchanged: number;
  dead: number;
  skipped: number;
}

export class ExtractionWorker {
  #timer: ReturnType<typeof setInterval> | undefined;
  #draining: Promise<void> | undefined;
  #again = false;
  #lastRound: (ExtractionRound & { at: number }) | null = null;
  #lastError: string | null = null;

  constructor(private readonly deps: ExtractionDeps) {}

  start(): void {
    this.#timer ??= setInterval(() => this.poke(), this.deps.settings.intervalMs);
    this.poke();
  }

  /** Asks for a drain soon; one drain runs at a time. */
  poke(): void {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.drain()
      .then(() => {})
      .catch((error) => {
        this.#lastError = ensureError(error).message;
        this.deps.log.warn("training-data extraction failed; retrying on the next tick", {
          error: ensureError(error),
        });
      })
      .finally(() => {
        this.#draining = undefined;
        if (this.#again) (this.#again = false), this.poke();
      });
  }

  /** Runs micro-batches until no join is ready; the totals of what they did. */
  async drain(): Promise<ExtractionRound> {
    const total: ExtractionRound = { decided: 0, emitted: 0, unchanged: 0, dead: 0, skipped: 0 };
    while (true) {
      const round = await this.runOnce();
      for (const key of Object.keys(total) as (keyof ExtractionRound)[]) total[key] += round[key];
      if (round.decided < this.deps.settings.batchSize) return total;
    }
  }

  /** Decides one micro-batch of ready joins. */
  async runOnce(): Promise<ExtractionRound> {
    const { joins, examples, deadLetters, db, clock, settings } = this.deps;
    const now = clock.now();
    const ready = await joins.ready(now, settings.waitMs, settings.batchSize);
    const round: ExtractionRound = { decided: ready.length, emitted: 0, unchanged: 0, dead: 0, skipped: 0 };
    if (ready.length === 0) return round;
    const joinSettings: JoinSettings = { waitMs: settings.waitMs, outcomeConfidence: settings.outcomeConfidence, now };
    const decisions = await this.#decide(ready, joinSettings);

    const emitted = decisions.flatMap(({ decision }) => decision.kind === "emit" ? [decision.example] : []);
    const stored = await examples.hashes(emitted.map((e) => e.id));
    const changed: { example: TrainingExample; hash: string }[] = [];
    for (const example of emitted) {
      const hash = exampleHash(example);
      if (stored.get(example.id) === hash) round.unchanged++;
      else changed.push({ example, hash });
    }
    const outcomes: JoinOutcome[] = [];
    const letters: DeadLetter[] = [];
    for (const { join, decision } of decisions) {
      outcomes.push(outcomeOf(join, decision));
      if (decision.kind === "dead") {
        round.dead++;
        letters.push(deadLetterOf(join, decision));
      } else if (decision.kind === "skip") round.skipped++;
    }
    round.emitted = changed.length;
    await db.write([
      ...examples.upsert(changed, now),
      ...joins.decide(outcomes, now),
      ...steps(deadLetters.insert(letters, now)),
    ]);
    for (const o of outcomes) this.deps.metrics.decided.inc(1, { status: o.status });
    this.#lastRound = { ...round, at: now };
    this.#lastError = null;
    return round;
  }

  async #decide(
    ready: readonly ReadyJoin[],
    settings: JoinSettings,
  ): Promise<{ join: ReadyJoin; decision: JoinDecision }[]> {
    const { joins } = this.deps;
    const executions = ready.filter((j) => j.kind === "execution").map((j) => j.subject);
    const trajectories = ready.filter((j) => j.kind === "trajectory").map((j) => j.subject);
    const [upstream, named, evaluations, annotations] = await Promise.all([
      joins.upstream(executions),
      joins.trajectoriesAmong(executions),
      joins.evaluations(trajectories),
      joins.upstream(trajectories, true),
    ]);
    return await Promise.all(ready.map(async (join) => {
      if (join.kind === "execution") {
        const parts = upstream.get(join.subject) ?? [];
        return { join, decision: decideExecution(join.subject, parts, named.has(join.subject), settings) };
      }
      const [trajectory, stepEvents] = await Promise.all([
        this.deps.loadTrajectory(join.subject),
        joins.stepEvents(join.subject),
      ]);
      const parts = {
        trajectory,
        stepEvents,
        evaluations: evaluations.get(join.subject) ?? [],
        upstreamEvaluations: annotations.get(join.subject) ?? [],
      };
      return { join, decision: decideTrajectory(join.subject, parts, settings) };
    }));
  }

  /** The last round that decided something, and the last failure if the latest attempt failed. */
  status(): { lastRound: (ExtractionRound & { at: number }) | null; lastError: string | null } {
    return { lastRound: this.#lastRound, lastError: this.#lastError };
  }

  /** Stops the timer and waits for a drain in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#again = false;
    await this.#draining;
  }
}

function outcomeOf(join: ReadyJoin, decision: JoinDecision): JoinOutcome {
  const base = { key: join.key, version: join.version };
  switch (decision.kind) {
    case "emit":
      return { ...base, status: "emitted", code: null, reason: null };
    case "dead":
      return { ...base, status: "dead", code: decision.code, reason: decision.reason };
    case "skip":
      return { ...base, status: "skipped", code: null, reason: decision.reason };
  }
}

function deadLetterOf(join: ReadyJoin, decision: Extract<JoinDecision, { kind: "dead" }>): DeadLetter {
  return {
    origin: "extraction",
    topic: null,
    partition: null,
    offset: null,
    key: join.key,
    value: JSON.stringify({ key: join.key, kind: join.kind, subject: join.subject, firstAt: join.firstAt }),
    headers: null,
    code: decision.code,
    reason: decision.reason,
  };
}
