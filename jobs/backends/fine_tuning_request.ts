/**
 * What a job's config asks of a hosted fine-tuning service, in the OpenAI-style
 * create-job body.
 *
 * The learning rate: hosted services do not take one, they take a
 * `learning_rate_multiplier` of the rate they chose for the base model, which they do
 * not publish. The honest mapping is relative to our default: the multiplier is
 * `learningRate / referenceLearningRate` (1e-4, the job config's default), so a job
 * that keeps the default gets the service's own rate (multiplier 1) and a job asking
 * for twice our default gets twice the service's.
 *
 * LoRA rank, alpha and dropout: the OpenAI API has no field for them (its `method`
 * takes supervised, DPO or reinforcement hyper-parameters only), so they are not
 * sent; `unsentSettings` keeps them in the handle and the manifest, so the record says
 * what was asked and that the service chose for itself.
 *
 * @module
 */
import type { JobConfig } from "../config.ts";
import type { CreateJobBody } from "./fine_tuning_client.ts";

/** The learning rate that maps to the service's own (multiplier 1): the job config's default. */
export const referenceLearningRate = 1e-4;

/** The services cap a fine-tuned model's suffix at 64 characters. */
const maxSuffixLength = 64;

/** The create-job body for a job's config and its uploaded files. */
export function createJobBody(
  jobId: string,
  config: JobConfig,
  files: { trainingFile: string; validationFile: string | null },
): CreateJobBody {
  return {
    model: config.baseModel,
    training_file: files.trainingFile,
    ...files.validationFile && { validation_file: files.validationFile },
    hyperparameters: {
      n_epochs: config.epochs,
      batch_size: config.batchSize,
      // toPrecision: 3e-4 / 1e-4 is 2.9999999999999996 in binary floating point.
      learning_rate_multiplier: Number((config.learningRate / referenceLearningRate).toPrecision(12)),
    },
    suffix: suffixOf(jobId),
    seed: config.seed,
  };
}

/** The config's settings the API has no field for, recorded rather than silently lost. */
export function unsentSettings(config: JobConfig): { lora: JobConfig["lora"] } {
  return { lora: config.lora };
}

/** `atlas-<job id>` in the characters model names allow, so the fine-tuned model names its job. */
function suffixOf(jobId: string): string {
  return `atlas-${jobId}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, maxSuffixLength);
}
