/**
 * The learning closed trajectories get, many at a time: credit and analysis, what
 * they add to memory (hindsight), the errors they met. A batch is loaded together
 * (the trajectories, their stored results, the strategies their plans name: a query
 * each), learned in memory against the batch's view of the library, and written with
 * the records that say each was learned, so a retry or a replay after a crash
 * neither learns nor pays twice.
 *
 * Without the model, a batch is learned in order and written in one transaction
 * (a strategy the batch reinforced many times is re-indexed once): the result is the
 * one learning them one at a time gives. With the model, its calls
 * run `concurrency` at once and each trajectory is written as soon as its calls
 * return (together with whatever else finished meanwhile): a crash then loses only
 * the calls still in flight.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import { AtlasError, ensureError, type ErrorData } from "../../errors.ts";
import { type AnalysisResult, analyze } from "../../learning/analyze.ts";
import { BatchLibrary, type LibraryStore } from "../../learning/batch_library.ts";
import type { CreditStrategy } from "../../learning/credit/strategy.ts";
import { errorOccurrences } from "../../learning/errors/detect.ts";
import type { ErrorOccurrence } from "../../learning/errors/cluster.ts";
import type { HindsightLearner, MemoryUpdate } from "../../learning/hindsight.ts";
import { planOf } from "../../learning/plan/mod.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import type { Database } from "../../store/database.ts";
import type { ErrorPatterns } from "../../store/error_patterns.ts";
import type { Learned, LearnedRecord } from "../../store/learned.ts";
import type { Strategies } from "../../store/strategies.ts";
import type { WriteStep } from "../../store/write.ts";
import { GroupCommit } from "../../store/group_commit.ts";

export interface LearningServiceDeps {
  db: Database;
  learned: Learned;
  strategies: Strategies & LibraryStore;
  errorPatterns: ErrorPatterns;
  /** Stored trajectories with their steps; unknown ids are left out. */
  load(ids: readonly string[]): Promise<Map<string, Trajectory>>;
  /** The credit strategy in force now (the config can change it). */
  credit(): CreditStrategy;
  /** The hindsight learner in force now (with or without the model). */
  hindsight(): HindsightLearner;
  /** Trajectories learned at once while the model judges (its calls wait on the network). */
  modelConcurrency: number;
  clock: Clock;
}

export type LearnOutcome = { ok: true; value: AnalysisResult } | { ok: false; error: ErrorData };

/** What learning a batch gives, by trajectory id. */
export type LearnBatch = (ids: readonly string[]) => Promise<Map<string, LearnOutcome>>;

/**
 * `learn(ids)` for the analysis worker. It rejects only when the store fails (the
 * batch is then retried whole); a trajectory that cannot be learned gets its error.
 */
export function learningService(deps: LearningServiceDeps): LearnBatch {
  return async (ids) => {
    const outcomes = new Map<string, LearnOutcome>();
    const stored = await deps.learned.getMany(ids);
    for (const [id, value] of stored) outcomes.set(id, { ok: true, value });
    const todo = ids.filter((id) => !stored.has(id));
    const trajectories = await deps.load(todo);
    for (const id of todo) {
      if (trajectories.has(id)) continue;
      outcomes.set(id, { ok: false, error: new AtlasError("E7010", `trajectory ${id} is not in the store`).toData() });
    }
    const credit = deps.credit();
    const hindsight = deps.hindsight();
    const plans = new Map([...trajectories.values()].map((t) => [t.id, planOf(t)]));
    const library = await BatchLibrary.load(deps.strategies, plans.values(), hindsight.usesModel);
    const byModel = hindsight.usesModel;
    // Without the model the batch is one transaction; with it, each trajectory is written once its calls return.
    const commits = byModel ? new GroupCommit(deps.db) : undefined;
    // Without the model, the batch's writes: memory updates in order, then its records in one statement each.
    const steps: WriteStep[] = [];
    const occurrences: ErrorOccurrence[] = [];
    const records: LearnedRecord[] = [];
    const writes: Promise<void>[] = [];
    const touched = new Set<string>();

    const learnOne = async (trajectory: Trajectory) => {
      try {
        const result = await analyze(trajectory, credit);
        const update = await hindsight.accumulate(trajectory, library, plans.get(trajectory.id));
        library.apply(update);
        result.analysis.memory = {
          update: update.kind,
          ...(update.kind === "create" && { strategyId: update.strategy.id }),
          ...(update.kind === "reinforce" && { strategyId: update.strategyId }),
          judge: update.judgement.judge,
          reasoning: update.judgement.reasoning,
        };
        const now = deps.clock.now();
        const memory = memoryWrites(deps.strategies, update, now);
        const met = errorOccurrences(trajectory);
        const record = {
          trajectory: { id: trajectory.id, family: trajectory.task?.family ?? null, outcome: trajectory.outcome },
          result,
        };
        const strategyId = update.kind === "create"
          ? update.strategy.id
          : update.kind === "reinforce"
          ? update.strategyId
          : undefined;
        if (commits) {
          const own = [
            ...memory,
            ...deps.errorPatterns.recordOccurrences(met, now),
            ...deps.learned.record([record], now),
          ];
          if (strategyId) own.push(deps.strategies.refresh(library.get(strategyId)!, now));
          writes.push(commits.add(own));
        } else {
          steps.push(...memory);
          occurrences.push(...met);
          records.push(record);
          if (strategyId) touched.add(strategyId);
        }
        outcomes.set(trajectory.id, { ok: true, value: result });
      } catch (cause) {
        outcomes.set(trajectory.id, { ok: false, error: ensureError(cause, "E7910").toData() });
      }
    };

    const queue = [...trajectories.values()];
    const lanes = byModel ? deps.modelConcurrency : 1;
    await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await learnOne(next);
    }));
    if (records.length) {
      // A strategy's tasks and vector are written once, as the whole batch left them.
      const now = deps.clock.now();
      await deps.db.write([
        ...steps,
        ...deps.errorPatterns.recordOccurrences(occurrences, now),
        ...deps.learned.record(records, now),
        ...[...touched].map((id) => deps.strategies.refresh(library.get(id)!, now)),
      ]);
    }
    await Promise.all(writes);
    return outcomes;
  };
}

function memoryWrites(strategies: Strategies, update: MemoryUpdate, now: number): WriteStep[] {
  switch (update.kind) {
    case "create":
      return strategies.create(update.strategy, update.judgement.judge, update.judgement, now);
    case "reinforce":
      return strategies.reinforce(update.strategyId, update.trajectoryId, now);
    case "none":
      return [];
  }
}
