import assert from "node:assert/strict";
import type { Trajectory } from "../../learning/trajectory.ts";
import { type DifficultyFacts, estimateDifficulty, trajectoryFacts } from "./difficulty.ts";
import { estimateTokens } from "./tokens.ts";

const base: DifficultyFacts = { steps: 5, tools: 2, tokens: 800, errors: 1 };

Deno.test("estimateDifficulty() rates a one-step answer easy", () => {
  const d = estimateDifficulty({ steps: 1, tools: 0, tokens: 40, errors: 0 });
  assert.equal(d.level, "easy");
  assert.ok(d.score < 0.1);
  assert.deepEqual({ ...d, score: 0, level: "easy" }, {
    score: 0,
    level: "easy",
    steps: 1,
    tools: 0,
    tokens: 40,
    errors: 0,
  });
});

Deno.test("estimateDifficulty() rates a 30-step run with 5 errors hard, even with no tools or text counted", () => {
  assert.equal(estimateDifficulty({ steps: 30, tools: 3, tokens: 6_000, errors: 5 }).level, "hard");
  assert.equal(estimateDifficulty({ steps: 30, tools: 0, tokens: 0, errors: 5 }).level, "hard");
});

Deno.test("estimateDifficulty() rates a typical WebShop run medium", () => {
  assert.equal(estimateDifficulty({ steps: 8, tools: 2, tokens: 440, errors: 0 }).level, "medium");
});

Deno.test("estimateDifficulty() is strictly increasing in each fact and stays within 0–1", () => {
  for (const fact of ["steps", "tools", "tokens", "errors"] as const) {
    const scores = [0, 1, 2, 3, 5, 8, 13, 21, 50, 120].map((x) => estimateDifficulty({ ...base, [fact]: x }).score);
    scores.slice(1).forEach((score, i) => assert.ok(score > scores[i]!, `${fact}: ${scores.join(", ")}`));
    // Far out the saturation reaches float precision: no longer rising, never falling, never past 1.
    const far = [1_000, 100_000, 1e9].map((x) => estimateDifficulty({ ...base, [fact]: x }).score);
    assert.ok(far[0]! <= far[1]! && far[1]! <= far[2]! && far[2]! <= 1);
  }
  assert.equal(estimateDifficulty({ steps: 0, tools: 0, tokens: 0, errors: 0 }).score, 0);
});

Deno.test("estimateDifficulty() treats negative and non-finite counts as none", () => {
  const d = estimateDifficulty({ steps: -3, tools: NaN, tokens: Infinity, errors: 0 });
  assert.deepEqual([d.steps, d.tools, d.tokens, d.errors], [0, 0, 0, 0]);
  assert.equal(d.score, 0);
});

const run: Trajectory = {
  id: "t-1",
  task: { description: "Paramore is not from Tennessee." },
  outcome: "failure",
  score: 0,
  steps: [
    { index: 0, kind: "thought", content: "I should search for Paramore." },
    { index: 1, kind: "action", content: "Search[Paramore]" },
    { index: 2, kind: "observation", content: "Paramore is an American rock band from Franklin, Tennessee." },
    { index: 3, kind: "action", content: "lookup[Tennessee]", tokens: { input: 300, output: 12 } },
    { index: 4, kind: "observation", content: "No more results.", status: "error" },
    { index: 5, kind: "tool_call", content: "", tool: { name: "LOOKUP", input: "Franklin" } },
    { index: 6, kind: "tool_result", content: "", tool: { name: "LOOKUP" }, error: "timeout" },
    { index: 7, kind: "action", content: "think[It says Franklin, Tennessee.]" },
    { index: 8, kind: "action", content: "Finish[REFUTES]" },
  ],
};

Deno.test("trajectoryFacts() counts actions, distinct tools by name or verb, tokens and errors", () => {
  const facts = trajectoryFacts(run);
  assert.equal(facts.steps, 5);
  // Search, lookup (= LOOKUP), Finish; think[...] is reasoning, not a tool.
  assert.equal(facts.tools, 3);
  assert.equal(facts.errors, 2);
  // Step 3 reports its tokens; the others are estimated, step 5 from its tool's input.
  const estimated = [0, 1, 2, 4, 7, 8].reduce((n, i) => n + estimateTokens(run.steps[i]!.content), 0) +
    estimateTokens("Franklin");
  assert.equal(facts.tokens, 300 + 12 + estimated);
});

Deno.test("trajectoryFacts() counts every step of a run that took no action", () => {
  const chat: Trajectory = {
    ...run,
    steps: [
      { index: 0, kind: "message", role: "user", content: "Hi" },
      { index: 1, kind: "message", role: "assistant", content: "Hello" },
    ],
  };
  assert.deepEqual(trajectoryFacts(chat), { steps: 2, tools: 0, tokens: 2, errors: 0 });
});
