import assert from "node:assert/strict";
import { z } from "zod";
import type { Llm, StructuredRequest } from "../llm/llm.ts";
import type { StepBody } from "../schemas/mod.ts";
import { HindsightLearner } from "./hindsight.ts";
import { planOf } from "./plan/mod.ts";
import { extractStrategy, type Strategy } from "./strategy.ts";
import type { Trajectory } from "./trajectory.ts";

const s = (index: number, kind: StepBody["kind"], content: string, extra: Partial<StepBody> = {}): StepBody => ({
  index,
  kind,
  content,
  ...extra,
});

const fever = (id: string, claim: string, outcome: Trajectory["outcome"], steps: StepBody[]): Trajectory => ({
  id,
  task: { id, description: claim, family: "fact-verification" },
  outcome,
  score: outcome === "success" ? 1 : 0,
  steps,
});

const solved = fever("fever-1", "Paramore is not from Tennessee.", "success", [
  s(0, "thought", "I should search for Paramore, and see if it is from Tennessee."),
  s(1, "action", "Search[Paramore]", { tool: { name: "Search", input: "Paramore" } }),
  s(2, "observation", "Paramore is an American rock band from Franklin, Tennessee."),
  s(3, "thought", "The band is from Tennessee, so the claim is false."),
  s(4, "action", "Finish[REFUTES]", { tool: { name: "Finish", input: "REFUTES" } }),
]);

const library = (strategies: Strategy[] = []) => ({ similar: () => Promise.resolve(strategies) });

Deno.test("accumulate() makes a new strategy of an abstractable success, with its plan and reasons", async () => {
  const update = await new HindsightLearner().accumulate(solved, library());
  assert.equal(update.kind, "create");
  if (update.kind !== "create") return;
  assert.equal(update.strategy.title, "Search → Finish (fact-verification)");
  assert.deepEqual(update.strategy.sourceTrajectories, ["fever-1"]);
  assert.match(update.strategy.plan[0]!, /^1\. search, e\.g\. Search\[Paramore\] \(why: I should search for Paramore/);
  assert.match(update.strategy.whenToUse, /Paramore is not from Tennessee/);
  assert.equal(update.judgement.judge, "rules");
  assert.equal(update.judgement.abstractable, true);
});

Deno.test("accumulate() reinforces the strategy that already has the same plan", async () => {
  const existing = extractStrategy(solved, planOf(solved));
  const other = fever("fever-2", "Eric Church is a sound mixer.", "success", [
    s(0, "action", "Search[Eric Church]", { tool: { name: "Search" } }),
    s(1, "observation", "Kenneth Eric Church is an American country music singer."),
    s(2, "action", "Finish[REFUTES]", { tool: { name: "Finish" } }),
  ]);
  const update = await new HindsightLearner().accumulate(other, library([existing]));
  assert.deepEqual(
    update.kind === "reinforce" && [update.strategyId, update.trajectoryId, update.task],
    [existing.id, "fever-2", "Eric Church is a sound mixer."],
  );
  assert.match(update.judgement.reasoning, /already has "Search → Finish \(fact-verification\)"/);
});

Deno.test("accumulate() adds nothing for a failure or a one-action success, and says why", async () => {
  const learner = new HindsightLearner();
  const failed = await learner.accumulate({ ...solved, id: "f", outcome: "failure", score: 0 }, library());
  assert.equal(failed.kind, "none");
  assert.match(failed.judgement.reasoning, /ended failure; failures teach error patterns/);
  const trivial = await learner.accumulate(fever("t", "x", "success", [s(0, "action", "Finish[SUPPORTS]")]), library());
  assert.equal(trivial.kind, "none");
  assert.match(trivial.judgement.reasoning, /1 step, too simple to teach/);
});

Deno.test("accumulate() with a model: it judges and writes, and a failure stays out whatever it says", async () => {
  const asked: string[] = [];
  const llm: Llm = {
    model: "fake",
    structured<T>(request: StructuredRequest<T>): Promise<T> {
      asked.push(request.purpose);
      const answer = request.purpose === "abstractability"
        ? {
          abstractable: true,
          reasoning: "new and general",
          novelty: 1,
          generalisability: 0.9,
          complexity: 0.7,
          duplicateOf: null,
        }
        : {
          title: "Verify a claim from the subject's page",
          whenToUse: "Fact checks",
          plan: ["Search the subject", "Answer"],
          pitfalls: [],
        };
      return Promise.resolve((request.schema as z.ZodType<T>).parse(answer));
    },
  };
  const learner = new HindsightLearner({ llm });
  const update = await learner.accumulate(solved, library());
  assert.deepEqual(asked, ["abstractability", "strategy"]);
  assert.equal(update.kind === "create" && update.strategy.title, "Verify a claim from the subject's page");
  assert.deepEqual(update.kind === "create" && update.strategy.plan, ["1. Search the subject", "2. Answer"]);
  assert.equal(update.judgement.judge, "model");
  assert.equal((await learner.accumulate({ ...solved, outcome: "failure" }, library())).kind, "none");
});

Deno.test("prepareTrainingData() writes sampling, refinement and error examples with the SOAR weights", () => {
  const failedFirst = { ...solved, id: "fever-1-try", outcome: "failure" as const, score: 0 };
  const lost = fever("fever-9", "Marnie is a film.", "failure", [
    s(0, "action", "Search[Marnie]"),
    s(1, "observation", "Could not find [Marnie]. Similar: ['Marnie (film)']"),
  ]);
  const examples = new HindsightLearner().prepareTrainingData([failedFirst, solved, lost]);
  assert.deepEqual(examples.map((e) => [e.kind, e.weight, e.source.trajectoryId]), [
    ["refinement", 1.5, "fever-1"],
    ["error", 1, "fever-1-try"],
    ["sampling", 2, "fever-1"],
    ["error", 1, "fever-9"],
  ]);
  assert.equal(examples[2]!.output, "Search[Paramore]\nFinish[REFUTES]");
  assert.match(examples[0]!.input, /A previous attempt, which ended failure:\nSearch\[Paramore\]/);
  assert.match(examples[3]!.output, /Errors met:\nstep 1: Could not find \[Marnie\]/);
});

Deno.test("shouldFinetune() is false in SAGE mode and says why", () => {
  const answer = new HindsightLearner().shouldFinetune();
  assert.equal(answer.finetune, false);
  assert.match(answer.reason, /SAGE mode/);
});
