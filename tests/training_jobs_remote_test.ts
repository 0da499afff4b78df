/**
 * Trainers that run elsewhere, through the runtime: the `http` backend against a
 * local fake of the hosted fine-tuning jobs API (upload, create, poll, events),
 * its model validated through a chat-completions endpoint (a local fake); and PPO as
 * a `command` job against a reward model the registry holds, with the tiny trainer.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { JobView } from "../actors/job/training_jobs.ts";
import { ingest, post } from "./support/api.ts";
import { startFakeChatCompletions } from "./support/fake_chat_completions.ts";
import { startFakeFineTuning } from "./support/fake_fine_tuning.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { tinyTrainerCommand } from "./support/trainer/fixtures.ts";
import { eventsOf, type UpstreamEvent, upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";
import type { HttpRuntime } from "./support/http_runtime.ts";

/**
 * Preference data needs one task answered more than once, which none of the real
 * runs is: 24 questions, each answered well (quality 95) and passably (75).
 */
function answeredTwice(): UpstreamEvent[] {
  const places = [["france", "paris"], ["italy", "rome"], ["spain", "madrid"], ["japan", "tokyo"]];
  return Array.from({ length: 24 }, (_, i) => {
    const [country, city] = places[i % places.length]!;
    const input = `Question ${i}: what is the capital of ${country}?`;
    const answer = (output: string, qualityScore: number, n: number) =>
      eventsOf({
        executionId: `capital-${i}-${n}`,
        input,
        output,
        plan: "Recall the capital.",
        tools: [],
        qualityScore,
        confidence: 1,
      });
    return [
      ...answer(`Thought: the capital of ${country} is ${city}.\nAction: Finish[${city}]`, 95, 1),
      ...answer(`Thought: I am not sure, maybe the largest city.\nAction: Finish[unknown]`, 75, 2),
    ];
  }).flat();
}

async function withDataset(env: Record<string, string>, events?: UpstreamEvent[]): Promise<HttpRuntime> {
  const built = await httpRuntime({ env });
  const sent = events ?? await upstreamEventsFromRuns({ limit: 40 });
  await ingest(built.app, sent);
  const { joins, extraction } = built.runtime.trainingData;
  await waitFor(async () => (await joins.counts()).pending === sent.length / 3, { message: "the joins" });
  await extraction.drain();
  assert.equal((await post(built.app, "/v1/datasets", { name: "react" })).status, 201);
  return built;
}

async function train({ app, runtime }: HttpRuntime, config: Record<string, unknown>): Promise<JobView> {
  const response = await post(app, "/v1/jobs", { dataset: { name: "react" }, config });
  assert.equal(response.status, 201, await response.clone().text());
  return await runtime.training.jobs.settled((await response.json() as JobView).id);
}

Deno.test("an http job fine-tunes on the hosted service's jobs API; its model is validated through an endpoint", async () => {
  await using service = await startFakeFineTuning();
  await using served = await startFakeChatCompletions(() => "Finish[SUPPORTS]");
  const built = await withDataset({
    ATLAS_FINETUNE_BASE_URL: service.url,
    ATLAS_FINETUNE_API_KEY: service.apiKey,
    ATLAS_FINETUNE_POLL_MS: "10",
  });
  try {
    const job = await train(built, { backend: "http", epochs: 2, baseModel: "gpt-4o-mini" });
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    assert.equal(service.state.jobs.size, 1);
    assert.ok(job.lossHistory.length > 1, "the service's reported losses");
    assert.equal(job.progress?.step, job.progress?.totalSteps, "every step the service reported, to the last");
    const model = await (await built.app.request(`/v1/models/${job.modelId}`)).json();
    assert.equal(model.backend, "http");
    const manifest = JSON.parse(
      await Deno.readTextFile(`${built.runtime.config.training.artifactDir}/${job.modelId}/remote_model.json`),
    );
    assert.match(manifest.fineTunedModel, /^ft:gpt-4o-mini/);

    const report = await (await post(built.app, `/v1/models/${job.modelId}/validate`, {
      endpoint: { url: served.url, format: "chat-completions", model: manifest.fineTunedModel },
      thresholds: { minMeanScore: 0, caseMinScore: 0 },
    })).json();
    assert.equal(report.candidate, job.modelId);
    assert.ok(served.requests.length >= report.cases, "every golden case went to the endpoint");
    assert.ok(served.requests.every((r) => r.body.model === manifest.fineTunedModel));
  } finally {
    await built.close();
  }
});

Deno.test("PPO runs as a command job against a registered reward model", async () => {
  const command = JSON.stringify(tinyTrainerCommand);
  const built = await withDataset({ ATLAS_TRAINER_COMMAND: command, ATLAS_PPO_COMMAND: command }, answeredTwice());
  try {
    const reward = await train(built, { backend: "command", type: "reward", format: "preference", minMargin: 1 });
    assert.equal(reward.state, "succeeded", JSON.stringify(reward.error));
    const rejected = await post(built.app, "/v1/jobs", {
      dataset: { name: "react" },
      config: { backend: "memory", type: "ppo", ppo: { rewardModel: reward.modelId } },
    });
    assert.equal((await rejected.json()).error.code, "E7931", "PPO needs a GPU trainer: the command backend");
    const ppo = await train(built, {
      backend: "command",
      type: "ppo",
      format: "preference",
      minMargin: 1,
      ppo: { rewardModel: reward.modelId },
    });
    assert.equal(ppo.state, "succeeded", JSON.stringify(ppo.error));
    assert.ok(ppo.lossHistory.length > 0);
    assert.ok(Number.isFinite(ppo.progress?.metrics?.mean_reward ?? ppo.metrics?.mean_reward));
  } finally {
    await built.close();
  }
});
