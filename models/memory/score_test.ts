import assert from "node:assert/strict";
import { finalAnswer, scoreAnswer } from "./score.ts";

const run = (verdict: string, thought = "I should search.") =>
  `Thought: ${thought}\nAction: Search[X]\nObservation: ...\nAction: Finish[${verdict}]\nObservation: Episode finished`;

Deno.test("finalAnswer() is the last Finish argument, or the whole text", () => {
  assert.equal(finalAnswer(run("NOT ENOUGH INFO")), "NOT ENOUGH INFO");
  assert.equal(finalAnswer("Action: Finish[A]\nAction: Finish[B]"), "B");
  assert.equal(finalAnswer("click[Buy Now]"), "click[Buy Now]");
});

Deno.test("scoreAnswer() compares ReAct runs by their verdicts, not their steps", () => {
  assert.deepEqual(scoreAnswer(run("SUPPORTS", "Something else entirely."), run("SUPPORTS")), { exact: 1, f1: 1 });
  assert.deepEqual(scoreAnswer(run("REFUTES"), run("SUPPORTS")), { exact: 0, f1: 0 });
});

Deno.test("scoreAnswer() gives partial credit by normalised tokens", () => {
  const { exact, f1 } = scoreAnswer("The green tea, bags!", "green tea bags caffeine free");
  assert.equal(exact, 0);
  // 3 common tokens; precision 3/3, recall 3/5.
  assert.ok(Math.abs(f1 - 0.75) < 1e-9);
  assert.deepEqual(scoreAnswer("The Tea.", "tea"), { exact: 1, f1: 1 });
  assert.deepEqual(scoreAnswer("", ""), { exact: 1, f1: 1 });
  assert.deepEqual(scoreAnswer("", "tea"), { exact: 0, f1: 0 });
});
