/**
 * The schemas the document names under `components.schemas`: wherever one of them
 * appears in an answer, the document refers to it instead of repeating it.
 *
 * @module
 */
import type { z } from "zod";
import { errorBody, errorData } from "../contract/common.ts";
import { datasetVersion, exportLine } from "../contract/datasets.ts";
import { intakeResult, stateChange } from "../contract/events.ts";
import { datasetMember, trainingExample, trainingJoin } from "../contract/examples.ts";
import { job } from "../contract/jobs.ts";
import { concept, errorPattern, strategy } from "../contract/knowledge.ts";
import { batchRunRecord, batchStatus, learningConfig, soarExample } from "../contract/learning.ts";
import { deadLetter } from "../contract/dead_letters.ts";
import { modelDetail, modelSummary, validationReport } from "../contract/models.ts";
import { stats } from "../contract/stats.ts";
import { trajectoryDetail, trajectorySummary } from "../contract/trajectories.ts";

/** Component names and their (output) schemas; the most specific first, so a larger one is found before its parts. */
export const components: Readonly<Record<string, z.ZodType>> = {
  Error: errorBody,
  ErrorData: errorData,
  IntakeResult: intakeResult,
  StateChange: stateChange,
  Trajectory: trajectoryDetail,
  TrajectorySummary: trajectorySummary,
  Strategy: strategy,
  Concept: concept,
  ErrorPattern: errorPattern,
  LearningConfig: learningConfig,
  BatchStatus: batchStatus,
  BatchRunRecord: batchRunRecord,
  SoarExample: soarExample,
  TrainingExample: trainingExample,
  DatasetMember: datasetMember,
  TrainingJoin: trainingJoin,
  DatasetVersion: datasetVersion,
  ExportLine: exportLine,
  Job: job,
  Model: modelDetail,
  ModelSummary: modelSummary,
  ValidationReport: validationReport,
  DeadLetter: deadLetter,
  Stats: stats,
};
