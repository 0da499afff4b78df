import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { fakeLlm } from "../../llm/fake_llm.ts";
import { creditSystemPrompt } from "../../llm/prompts/credit.ts";
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { llmCredit } from "./llm.ts";
import { attributeWithReasons } from "./strategy.ts";

const s = (index: number, kind: StepBody["kind"], content: string): StepBody => ({ index, kind, content });

const fever: Trajectory = {
  id: "fever-1",
  task: { description: "Nikolaj Coster-Waldau worked with the Fox Broadcasting Company." },
  outcome: "success",
  score: 1,
  steps: [
    s(0, "thought", "I need to search Nikolaj Coster-Waldau."),
    s(1, "action", "Search[Nikolaj Coster-Waldau]"),
    s(2, "observation", "Nikolaj Coster-Waldau is a Danish actor ... appeared in Virtuality, a Fox film."),
    s(3, "thought", "He appeared in a Fox film, so the claim is supported."),
    s(4, "action", "Finish[SUPPORTS]"),
    s(5, "observation", "Episode finished, reward = 1"),
  ],
};

Deno.test("llmCredit credits the step the model names and gives its reason", async () => {
  const llm = fakeLlm({ keySteps: [{ index: 1, score: 0.9, why: "  found the page\n naming the Fox film " }] });
  const strategy = llmCredit(llm);
  assert.equal(strategy.name, "llm");
  assert.deepEqual(await strategy.attribute(fever), [{ index: 1, score: 1 }]);
  const explained = await attributeWithReasons(strategy, fever);
  assert.deepEqual(explained.reasons, [{ index: 1, why: "found the page naming the Fox film" }]);
  const request = llm.requests[0]!;
  assert.equal(request.purpose, "credit");
  assert.equal(request.system, creditSystemPrompt);
  assert.match(request.prompt, /^Task: Nikolaj Coster-Waldau worked/);
  assert.match(request.prompt, /Outcome: success \(score 1\)/);
  assert.match(request.prompt, /\n\[4\] action: Finish\[SUPPORTS\]\n/);
});

Deno.test("llmCredit normalises weights to shares summing to 1, largest first", async () => {
  const llm = fakeLlm({
    keySteps: [
      { index: 4, score: 0.2, why: "right answer" },
      { index: 1, score: 0.6, why: "right page" },
      { index: 4, score: 0.2, why: "named twice" },
    ],
  });
  const { credit, reasons } = await attributeWithReasons(llmCredit(llm), fever);
  assert.deepEqual(credit.map((c) => c.index), [1, 4]);
  assert.ok(Math.abs(credit[0]!.score - 0.6) < 1e-12 && Math.abs(credit[1]!.score - 0.4) < 1e-12);
  assert.equal(reasons.find((r) => r.index === 4)?.why, "right answer; named twice");
});

Deno.test("llmCredit shares equally when the model weights every key step 0", async () => {
  const llm = fakeLlm({ keySteps: [{ index: 1, score: 0, why: "a" }, { index: 4, score: 0, why: "b" }] });
  assert.deepEqual(await llmCredit(llm).attribute(fever), [{ index: 1, score: 0.5 }, { index: 4, score: 0.5 }]);
});

Deno.test("llmCredit rejects a step the trajectory does not have with E7912", async () => {
  const llm = fakeLlm({ keySteps: [{ index: 1, score: 0.5, why: "ok" }, { index: 42, score: 0.5, why: "invented" }] });
  await assert.rejects(llmCredit(llm).attribute(fever), (e: unknown) => {
    assert.ok(e instanceof AtlasError);
    assert.equal(e.code, "E7912");
    assert.equal(e.message, "model named step 42 which the trajectory does not have");
    return true;
  });
});

Deno.test("llmCredit passes on a schema-invalid answer as E7912", async () => {
  const llm = fakeLlm({ keySteps: [{ index: 1, score: 3, why: "too much" }] });
  await assert.rejects(llmCredit(llm).attribute(fever), (e: unknown) => e instanceof AtlasError && e.code === "E7912");
});

Deno.test("llmCredit asks nothing about a trajectory without steps", async () => {
  const llm = fakeLlm({ keySteps: [] });
  assert.deepEqual(await llmCredit(llm).attribute({ ...fever, steps: [] }), []);
  assert.equal(llm.requests.length, 0);
});

Deno.test("llmCredit caps each step and elides the middle of a long trajectory", async () => {
  const steps = Array.from(
    { length: 200 },
    (_, i) => s(i, i % 2 ? "observation" : "action", `step ${i} ${"x".repeat(900)}`),
  );
  const llm = fakeLlm({ keySteps: [{ index: 199, score: 1, why: "last" }] });
  const credit = await llmCredit(llm, { maxStepChars: 100, maxChars: 2_000 }).attribute({ ...fever, steps });
  assert.deepEqual(credit, [{ index: 199, score: 1 }]);
  const prompt = llm.requests[0]!.prompt;
  const lines = prompt.split("\n").filter((l) => l.startsWith("[") && !l.startsWith("[..."));
  assert.ok(lines.every((l) => l.length <= 100 + "[199] observation: ".length), "each step capped");
  assert.ok(lines.every((l) => l.endsWith("[...]")), "cuts are marked");
  assert.ok(lines.reduce((n, l) => n + l.length + 1, 0) <= 2_000, "whole capped");
  assert.match(prompt, /\n\[0\] action: step 0 x/, "keeps the start");
  assert.match(prompt, /\n\[199\] observation: step 199 x/, "keeps the end");
  const note = prompt.match(/\[\.\.\. steps (\d+)–(\d+) elided: (\d+) steps, \d+ characters \.\.\.\]/);
  assert.ok(note, "notes what was elided");
  assert.equal(Number(note[3]), Number(note[2]) - Number(note[1]) + 1);
  assert.equal(lines.length + Number(note[3]), 200);
});
