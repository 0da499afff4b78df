/**
 * One learning batch, the effect the batch machine invokes as `runBatch`: over the
 * trajectories learned most recently it extracts code patterns into the concept
 * library, clusters every recorded error into patterns (asking the model for fixes
 * none of the trajectories showed, when there is one), refits the outcome model the
 * counterfactual credit reads, and prunes. All its writes land in one transaction,
 * keyed so that running the same `runId` again (after a restart) is harmless.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import { AtlasError, ensureError } from "../../errors.ts";
import type { PatternExtractor } from "../../learning/concepts/extractor.ts";
import { clusterErrors } from "../../learning/errors/cluster.ts";
import { suggestFixes } from "../../learning/errors/suggest_fix.ts";
import { fitOutcomeModel, type OutcomeModel } from "../../learning/outcome/model.ts";
import { pruneConcepts, pruneStrategies } from "../../learning/pruning.ts";
import type { Trajectory } from "../../learning/trajectory.ts";
import type { Llm } from "../../llm/llm.ts";
import type { Logger } from "../../log.ts";
import type { Concepts } from "../../store/concepts.ts";
import type { Database } from "../../store/database.ts";
import type { ErrorPatterns } from "../../store/error_patterns.ts";
import type { Learned } from "../../store/learned.ts";
import type { LearningState } from "../../store/learning_state.ts";
import type { Strategies } from "../../store/strategies.ts";
import type { RunBatchInput, RunBatchOutput } from "./machine.ts";

export interface RunBatchDeps {
  db: Database;
  learned: Learned;
  strategies: Strategies;
  concepts: Concepts;
  errorPatterns: ErrorPatterns;
  state: LearningState;
  /** Stored trajectories, loaded together; unknown ids are left out. */
  load(trajectoryIds: readonly string[]): Promise<Map<string, Trajectory>>;
  /** The extractor in force now (the config can change it). */
  extractor(): PatternExtractor;
  llm(): Llm | undefined;
  /** Receives the refitted outcome model. */
  outcomeModelFitted(model: OutcomeModel): void;
  clock: Clock;
  log: Logger;
  /** Most recent learned trajectories a batch looks at. @default 2000 */
  window?: number;
  /** Most recent error occurrences a batch clusters. @default 20000 */
  errorWindow?: number;
}

/** Trajectories judged failures: their outcome, or an evaluation scoring them under 50 of 100. */
const failedSql = `SELECT t.id FROM trajectories t JOIN json_each(?) j ON t.id = j.value
  WHERE t.outcome IN ('failure', 'aborted')
     OR (SELECT avg(quality_score) FROM evaluations e WHERE e.trajectory_id = t.id) < 50`;

export function runBatch(deps: RunBatchDeps): (input: RunBatchInput) => Promise<RunBatchOutput> {
  return async ({ runId, trigger }) => {
    const startedAt = deps.clock.now();
    await deps.db.write([
      deps.state.run({ id: runId, trigger, status: "running", startedAt, finishedAt: null, result: null, error: null }),
    ]);
    try {
      const ids = await deps.learned.idsSince(null, deps.window ?? 2_000, "newest");
      const loaded = await deps.load(ids);
      const trajectories = ids.flatMap((id) => loaded.get(id) ?? []);
      const extractor = deps.extractor();
      const concepts = await extractor.extract(trajectories);

      const llm = deps.llm();
      const drafts = clusterErrors(await deps.errorPatterns.occurrences(deps.errorWindow ?? 20_000));
      const patterns = llm ? await suggestFixes(drafts, llm) : drafts;

      const model = fitOutcomeModel(trajectories);
      if (model) deps.outcomeModelFitted(model);

      const [strategies, known] = await Promise.all([deps.strategies.active(), deps.concepts.active()]);
      const sources = [
        ...new Set([...strategies.flatMap((s) => s.sourceTrajectories), ...known.flatMap((c) => c.trajectories)]),
      ];
      const failed = new Set(
        (await deps.db.read({ sql: failedSql, args: [JSON.stringify(sources)] })).rows.map((r) => String(r.id)),
      );
      const now = deps.clock.now();
      const prunedStrategies = pruneStrategies(strategies, failed, now);
      const prunedConcepts = pruneConcepts(known, failed, now);
      const knownIds = new Set(known.map((c) => c.id));
      const result = {
        trajectories: trajectories.length,
        concepts: {
          found: concepts.length,
          new: concepts.filter((c) => !knownIds.has(c.id)).length,
          extractor: extractor.name,
        },
        errorPatterns: patterns.length,
        outcomeModel: model ? { trainedOn: model.trainedOn, trainingAccuracy: model.trainingAccuracy } : null,
        pruned: { strategies: prunedStrategies, concepts: prunedConcepts },
      };
      await deps.db.write([
        ...deps.concepts.upsert(concepts, now),
        ...deps.errorPatterns.replace(patterns, now),
        ...deps.strategies.prune(prunedStrategies, now),
        ...deps.concepts.prune(prunedConcepts, now),
        ...(model ? [deps.state.put("outcome-model", model.toJSON(), now)] : []),
        deps.state.run({ id: runId, trigger, status: "succeeded", startedAt, finishedAt: now, result, error: null }),
      ]);
      deps.log.info("learning batch done", { runId, trigger, durationMs: now - startedAt, ...summary(result) });
      return { result, finishedAt: now };
    } catch (cause) {
      const error = ensureError(cause, "E7910");
      const at = deps.clock.now();
      deps.log.warn("learning batch failed", { runId, error: error.message });
      await deps.db.write([
        deps.state.run({
          id: runId,
          trigger,
          status: "failed",
          startedAt,
          finishedAt: at,
          result: null,
          error: error.toData(),
        }),
      ]).catch(() => {});
      throw Object.assign(new AtlasError(error.code, `learning batch failed: ${error.message}`, { cause }), { at });
    }
  };
}

const summary = (
  result: {
    trajectories: number;
    concepts: { found: number };
    errorPatterns: number;
    pruned: { strategies: unknown[]; concepts: unknown[] };
  },
) => ({
  trajectories: result.trajectories,
  concepts: result.concepts.found,
  errorPatterns: result.errorPatterns,
  pruned: result.pruned.strategies.length + result.pruned.concepts.length,
});
