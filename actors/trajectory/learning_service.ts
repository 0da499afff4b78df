/**
 * The learning a closed trajectory gets, with its I/O: credit and analysis, what it
 * adds to memory (hindsight), the errors it met, all stored in one transaction with
 * the record that it was learned. A trajectory learned before gets its stored result
 * back, so a retry or a replay after a crash neither learns nor pays twice.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import { type AnalysisResult, analyze } from "../../learning/analyze.ts";
import type { CreditStrategy } from "../../learning/credit/strategy.ts";
import { errorOccurrences } from "../../learning/errors/detect.ts";
import type { HindsightLearner, MemoryUpdate } from "../../learning/hindsight.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import type { Database } from "../../store/database.ts";
import type { ErrorPatterns } from "../../store/error_patterns.ts";
import type { Learned } from "../../store/learned.ts";
import type { Strategies } from "../../store/strategies.ts";
import type { WriteStep } from "../../store/write.ts";

export interface LearningServiceDeps {
  db: Database;
  learned: Learned;
  strategies: Strategies;
  errorPatterns: ErrorPatterns;
  /** The credit strategy in force now (the config can change it). */
  credit(): CreditStrategy;
  /** The hindsight learner in force now (with or without the model). */
  hindsight(): HindsightLearner;
  clock: Clock;
}

/** `learn(trajectory)` for the analysis worker. */
export function learningService(deps: LearningServiceDeps): (trajectory: Trajectory) => Promise<AnalysisResult> {
  return async (trajectory) => {
    const stored = await deps.learned.get(trajectory.id);
    if (stored) return stored;
    const result = await analyze(trajectory, deps.credit());
    const update = await deps.hindsight().accumulate(trajectory);
    result.analysis.memory = {
      update: update.kind,
      ...(update.kind === "create" && { strategyId: update.strategy.id }),
      ...(update.kind === "reinforce" && { strategyId: update.strategyId }),
      judge: update.judgement.judge,
      reasoning: update.judgement.reasoning,
    };
    const now = deps.clock.now();
    const occurrences = errorOccurrences(trajectory);
    await deps.db.write([
      ...memoryWrites(deps.strategies, update, now),
      ...deps.errorPatterns.recordOccurrences(occurrences, now),
      deps.learned.record(
        { id: trajectory.id, family: trajectory.task?.family ?? null, outcome: trajectory.outcome },
        result,
        now,
      ),
    ]);
    return result;
  };
}

function memoryWrites(strategies: Strategies, update: MemoryUpdate, now: number): WriteStep[] {
  switch (update.kind) {
    case "create":
      return strategies.create(update.strategy, update.judgement.judge, update.judgement, now);
    case "reinforce":
      return [strategies.reinforce(update.strategyId, update.trajectoryId, update.task, now, update.strategy)];
    case "none":
      return [];
  }
}
