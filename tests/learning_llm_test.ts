/**
 * Every LLM path of learning, with the real Anthropic SDK talking over HTTP to the
 * local fake Messages API: credit with reasons, the abstractability verdict and the
 * strategy written by the model, a malformed answer (the trajectory ends `failed`
 * with a clear error, keeps its steps, and a retry completes it), fixes for error
 * patterns and code concepts in a batch, and the token and cost accounting in
 * `/v1/stats`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { completed, postEvents, started, step } from "./support/events.ts";
import { type FakeRequest, reply, startFakeAnthropic } from "./support/fake_anthropic.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { waitFor } from "./support/wait.ts";

/** A FEVER-style run with a recovered error: the model's credit names step 5. */
const feverRun = (id: string) => [
  started(id, "Marnie is a film."),
  step(id, 0, "thought", "I should search Marnie."),
  step(id, 1, "action", "Search[Marnie]"),
  step(id, 2, "observation", "Could not find [Marnie]. Similar: ['Marnie (film)', 'Marnie (novel)']."),
  step(id, 3, "action", "Search[Marnie (film)]"),
  step(id, 4, "observation", "Marnie is a 1964 American psychological thriller film."),
  step(id, 5, "action", "Finish[SUPPORTS]"),
  completed(id),
];

const voyagerRun = (id: string, item: string) => [
  {
    ...started(id, `async function craft${item}(bot) {}`),
    data: { trajectoryId: id, task: { id, description: `Craft ${item}`, family: "minecraft-skill" } },
  },
  step(
    id,
    0,
    "action",
    `async function craft${item}(bot) {\n  const count = bot.inventory.count(mcData.itemsByName.${item}.id);\n  if (count < 3) {\n    await mineBlock(bot, "${item}", 3 - count);\n  }\n  await craftItem(bot, "${item}", 1);\n}`,
  ),
  completed(id),
];

/** Answers by the tool the request forces, like a model following instructions. */
function model(request: FakeRequest): unknown {
  switch (request.body.tool_choice?.name) {
    case "assign_credit":
      return {
        keySteps: [{ index: 5, score: 0.7, why: "the answer" }, { index: 3, score: 0.3, why: "the right page" }],
      };
    case "record_verdict":
      return {
        abstractable: true,
        reasoning: "Recovers from a missing page.",
        novelty: 1,
        generalisability: 0.8,
        complexity: 0.6,
        duplicateOf: null,
      };
    case "record_strategy":
      return {
        title: "Retry a missing page with a suggested title",
        whenToUse: "Fact checks where the first search misses.",
        plan: ["Search the subject", "Take a suggested title", "Answer"],
        pitfalls: ["A bare name may not exist"],
      };
    case "suggest_fixes":
      return { fixes: [{ pattern: 1, fix: "Search again with one of the suggested titles." }] };
    case "record_concepts":
      return {
        concepts: [{
          name: "mineMissingPattern",
          template: "await mineBlock(bot, $1, $2);",
          signature: "(block, count) => await mineBlock(bot, block, count)",
          docs: "Mines what the inventory lacks.",
          snippets: ["s1", "s2", "s3"],
        }],
      };
    case "document_concept":
      return {
        name: "mineMissingPattern",
        signature: "(item, n) => await mineBlock(bot, item, n)",
        docs: "Mines what is missing.",
      };
  }
  return reply.error(400, `unexpected tool ${request.body.tool_choice?.name}`);
}

Deno.test("learning with the model: credit with reasons, a model-written strategy, and tokens and cost in /v1/stats", async () => {
  await using fake = await startFakeAnthropic(model);
  const { app, close } = await httpRuntime({
    env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, ATLAS_MIN_TRAJECTORIES: "1000" },
  });
  try {
    await postEvents(app, feverRun("llm-1"));
    const body = await waitFor(async () => {
      const response = await app.request("/v1/trajectories/llm-1");
      const json = await response.json();
      return json.state === "completed" && json;
    }, { message: "llm-1 completed" });
    assert.deepEqual(body.credit, [{ index: 5, score: 0.7 }, { index: 3, score: 0.3 }]);
    assert.equal(body.analysis.strategy, "llm");
    assert.deepEqual(body.analysis.reasons, [{ index: 5, why: "the answer" }, { index: 3, why: "the right page" }]);
    assert.equal(body.analysis.memory.update, "create");
    assert.equal(body.analysis.memory.judge, "model");

    const found = await (await app.request("/v1/strategies?q=Marnie%20film&k=3")).json();
    assert.equal(found.items[0].title, "Retry a missing page with a suggested title");
    assert.deepEqual(found.items[0].sourceTrajectories, ["llm-1"]);

    // Every call went through the SDK with the forced tool and a cached system prompt.
    assert.deepEqual(fake.requests.map((r) => r.body.tool_choice?.name), [
      "assign_credit",
      "record_verdict",
      "record_strategy",
    ]);
    for (const request of fake.requests) {
      const system = request.body.system as { cache_control?: unknown }[];
      assert.deepEqual(system[0]!.cache_control, { type: "ephemeral" });
    }
    const stats = await (await app.request("/v1/stats")).json();
    const usage = stats.learning.usage;
    assert.equal(usage.total.calls, 3);
    assert.ok(usage.total.inputTokens > 0 && usage.total.outputTokens > 0);
    assert.ok(usage.total.costUsd > 0);
    assert.deepEqual(Object.keys(usage.byPurpose).sort(), ["abstractability", "credit", "strategy"]);
    assert.equal(stats.learning.creditStrategy, "llm");
  } finally {
    await close();
  }
});

Deno.test("a malformed model answer fails the trajectory with a clear error, keeps its steps, and a retry completes it", async () => {
  await using fake = await startFakeAnthropic((request) =>
    request.body.tool_choice?.name === "assign_credit"
      ? { keySteps: [{ index: 42, score: 1, why: "a step that does not exist" }] }
      : model(request)
  );
  const { app, close } = await httpRuntime({
    env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, ATLAS_MIN_TRAJECTORIES: "1000" },
  });
  try {
    await postEvents(app, feverRun("bad-1"));
    const failed = await waitFor(async () => {
      const json = await (await app.request("/v1/trajectories/bad-1")).json();
      return json.state === "failed" && json;
    }, { message: "bad-1 failed", timeoutMs: 15_000 });
    assert.equal(failed.error.code, "E7910");
    assert.match(failed.error.message, /analysis failed: .*step 42 which the trajectory does not have/);
    assert.equal(failed.error.details.cause.code, "E7912");
    assert.equal(failed.steps.length, 6);
    // Nothing was learned from the failed attempt.
    assert.deepEqual((await (await app.request("/v1/strategies")).json()).items, []);

    fake.respond(model);
    const retry = await app.request("/v1/trajectories/bad-1/retry", { method: "POST" });
    assert.equal(retry.status, 202);
    const done = await waitFor(async () => {
      const json = await (await app.request("/v1/trajectories/bad-1")).json();
      return json.state === "completed" && json;
    }, { message: "bad-1 completed after the retry" });
    assert.deepEqual(done.credit, [{ index: 5, score: 0.7 }, { index: 3, score: 0.3 }]);
    assert.equal(done.steps.length, 6);
  } finally {
    await close();
  }
});

Deno.test("a batch with the model: error-pattern fixes and code concepts come from it", async () => {
  await using fake = await startFakeAnthropic(model);
  const { app, runtime, close } = await httpRuntime({
    env: {
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: fake.url,
      ATLAS_MIN_TRAJECTORIES: "1000",
      ATLAS_CREDIT_STRATEGY: "simple",
    },
  });
  try {
    // Two failures meeting the same error and no recovery: the fix has to come from the model.
    const lost = (id: string, name: string) => [
      started(id, `${name} is a film.`),
      step(id, 0, "action", `Search[${name}]`),
      step(id, 1, "observation", `Could not find [${name}]. Similar: ['${name} (film)'].`),
      step(id, 2, "action", "Finish[NOT ENOUGH INFO]"),
      completed(id, "failure", 0),
    ];
    await postEvents(app, [
      ...lost("lost-1", "Marnie"),
      ...lost("lost-2", "Jackpot"),
      ...voyagerRun("v-1", "oak_log"),
      ...voyagerRun("v-2", "stone"),
      ...voyagerRun("v-3", "iron_ore"),
    ]);
    await waitFor(async () => (await runtime.learning.learned.since(null)).trajectories === 5, {
      message: "5 learned",
    });

    const run = await app.request("/v1/learning/batches", { method: "POST" });
    assert.equal(run.status, 202);
    const status = await runtime.learning.batch.idle();
    assert.equal(status.lastRun?.error, undefined, JSON.stringify(status.lastRun));
    const { runId } = await run.json();
    const record = await (await app.request(`/v1/learning/batches/${runId}`)).json();
    assert.deepEqual([record.id, record.trigger, record.status], [runId, "manual", "succeeded"]);
    assert.equal((await (await app.request("/v1/learning/batches/nope")).json()).error.code, "E7015");
    const patterns = await (await app.request("/v1/error-patterns")).json();
    const notFound = patterns.items.find((p: { name: string }) => /not found|could not find/i.test(p.name));
    assert.ok(notFound, JSON.stringify(patterns.items));
    assert.equal(notFound.suggestedFix, "Search again with one of the suggested titles.");
    assert.equal(notFound.fixSource, "model");
    assert.ok(fake.requests.some((r) => r.body.tool_choice?.name === "suggest_fixes"));
    assert.ok(fake.requests.some((r) => r.body.tool_choice?.name === "record_concepts"));
    // The model's concept is in the library under its name, with the trajectories it cited.
    const concepts = await (await app.request("/v1/concepts?q=mineBlock")).json();
    const mine = concepts.items.find((c: { template: string }) => c.template === "await mineBlock(bot, $1, $2);");
    assert.ok(mine, JSON.stringify(concepts.items.map((c: { template: string }) => c.template)));
    assert.equal(mine.name, "mineMissingPattern");
    assert.ok(["llm", "both"].includes(mine.author), mine.author);
    assert.deepEqual(mine.trajectories.sort(), ["v-1", "v-2", "v-3"]);
  } finally {
    await close();
  }
});
