/**
 * Validating a registered model: its golden suite (the dataset version's test split
 * plus the cases pinned in the request) goes to the model and to its reference, the
 * current production version of the same name or, before there is one, the base
 * model without the memory; the five stages of `validation/` judge the answers, and
 * the report is kept with the model and sent to its actor (staging needs it).
 *
 * Which model answers:
 * - `memory` models run here: their verified artifact is loaded and answers, through
 *   the base model when an Anthropic key is set, offline (the nearest remembered
 *   answer) when not. The baseline then has nothing to recall and answers nothing.
 * - `http` models are called where they were trained: the fine-tuning service's
 *   chat-completions endpoint, with the fine-tuned model's id.
 * - any model may be given an `endpoint` (chat-completions or Anthropic format) to
 *   call instead; a `command` model needs one, since it is served outside.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { AtlasError } from "../errors.ts";
import type { Llm } from "../llm/llm.ts";
import type { ModelRecord } from "../store/models.ts";
import type { TrainingData } from "../training/training_data.ts";
import type { TrainingExample } from "../training/example.ts";
import type { TrainingSettings } from "../config.ts";
import { type Candidate, endpointCandidate, type GoldenCase, goldenSuite } from "../validation/mod.ts";
import { validate, type ValidationReport } from "../validation/validate.ts";
import { memoryFileName, memoryFormat, MemoryModel, readMemorySnapshot } from "./memory/mod.ts";
import type { ModelRegistry } from "./registry.ts";
import { remoteModelFile } from "../jobs/backends/fine_tuning_manifest.ts";

export interface Endpoint {
  url: string;
  format: "chat-completions" | "anthropic";
  model: string;
}

export interface ValidationRequest {
  thresholds?: Record<string, unknown> | undefined;
  pinned?: GoldenCase[] | undefined;
  /** Call the candidate here instead of where it was trained. */
  endpoint?: Endpoint | undefined;
  /** Calls in flight at once. @default 4 */
  concurrency?: number | undefined;
  by: string;
}

export interface ValidatorDeps {
  registry: ModelRegistry;
  trainingData: TrainingData;
  llm: Llm | undefined;
  settings: TrainingSettings;
  clock: Clock;
}

export class ModelValidator {
  constructor(private readonly deps: ValidatorDeps) {}

  async validate(
    idOrAlias: string,
    request: ValidationRequest,
  ): Promise<ValidationReport & { id: string; modelId: string }> {
    const model = await this.deps.registry.get(idOrAlias);
    if (model.kind === "reward") {
      throw new AtlasError("E7206", `${model.id} is a reward model: its held-out pair accuracy is its validation`);
    }
    if (model.stage === "archived") throw new AtlasError("E7206", `${model.id} is archived`);
    const cases = goldenSuite(await this.#testSplit(model), request.pinned ?? []);
    if (cases.length === 0) {
      throw new AtlasError(
        "E7206",
        `${model.id} has no golden cases: its dataset has no test split and none are pinned`,
      );
    }
    const production = model.name && await this.deps.registry.production(model.name);
    const reference = production && production.id !== model.id
      ? { candidate: await this.#candidate(production, undefined), kind: "production" as const }
      : { candidate: this.#baseline(model), kind: "baseline" as const };
    const report = await validate({
      candidate: await this.#candidate(model, request.endpoint),
      reference: reference.candidate,
      referenceKind: reference.kind,
      cases,
      clock: this.deps.clock,
      ...(request.thresholds && { thresholds: request.thresholds }),
      ...(request.concurrency && { concurrency: request.concurrency }),
    });
    const id = `val-${this.deps.clock.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
    await this.deps.registry.recordValidation(model, {
      id,
      recommendation: report.recommendation,
      report,
      by: request.by,
    });
    return { id, modelId: model.id, ...report };
  }

  async #testSplit(model: ModelRecord): Promise<TrainingExample[]> {
    if (!model.dataset || !model.datasetVersion) return [];
    const version = await this.deps.trainingData.version(model.dataset, model.datasetVersion);
    const examples: TrainingExample[] = [];
    for await (const row of this.deps.trainingData.datasets.exportRows(version.dataset, version.seq, "test")) {
      examples.push(row.example);
    }
    return examples;
  }

  async #candidate(model: ModelRecord, endpoint: Endpoint | undefined): Promise<Candidate> {
    // A request's endpoint gets no configured key: a key sent where a request says would be a key handed out.
    if (endpoint) return endpointCandidate({ ...endpoint, id: model.id });
    const apiKey = this.deps.settings.fineTuning?.apiKey;
    const dir = await this.deps.registry.load(model);
    if (model.backend === "memory") {
      const memory = MemoryModel.load(readMemorySnapshot(await Deno.readTextFile(`${dir}/${memoryFileName}`)), {
        ...(this.deps.llm && { llm: this.deps.llm }),
      });
      return { id: model.id, answer: (input) => memory.answer(input) };
    }
    if (model.backend === "http" && this.deps.settings.fineTuning) {
      const remote = JSON.parse(await Deno.readTextFile(`${dir}/${remoteModelFile}`)) as { fineTunedModel: string };
      return endpointCandidate({
        id: model.id,
        url: this.deps.settings.fineTuning.baseUrl,
        format: "chat-completions",
        model: remote.fineTunedModel,
        ...(apiKey && { apiKey }),
      });
    }
    throw new AtlasError("E7206", `${model.id} is served outside this runtime: give the endpoint that serves it`, {
      details: { backend: model.backend },
    });
  }

  /** The base model with nothing remembered. */
  #baseline(model: ModelRecord): Candidate {
    const empty = MemoryModel.load({
      format: memoryFormat,
      baseModel: model.baseModel,
      dataset: { name: model.dataset ?? "", version: model.datasetVersion ?? "", contentHash: "" },
      fewShot: 1,
      entries: [],
    }, { ...(this.deps.llm && { llm: this.deps.llm }) });
    return { id: `baseline:${model.baseModel}`, answer: (input) => empty.answer(input) };
  }
}
