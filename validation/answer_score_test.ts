import assert from "node:assert/strict";
import { answerScore, finalAnswer, normalizeAnswer, tokenF1 } from "./answer_score.ts";

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

Deno.test("normalizeAnswer() lowercases and drops punctuation, articles and extra spaces, as SQuAD does", () => {
  assert.equal(normalizeAnswer("  The Eiffel-Tower, in PARIS!  "), "eiffeltower in paris");
  assert.equal(normalizeAnswer("An apple a day"), "apple day");
  assert.equal(normalizeAnswer("theory"), "theory");
});

Deno.test("answerScore() is 1 for answers equal once normalised", () => {
  assert.equal(answerScore("The answer is: Paris.", "answer is paris"), 1);
  assert.equal(answerScore("", ""), 1);
});

Deno.test("answerScore() is the token F1 for plain answers", () => {
  // 2 shared tokens; precision 2/3, recall 2/5.
  close(answerScore("capital city paris", "paris is capital of france"), (2 * (2 / 3) * (2 / 5)) / (2 / 3 + 2 / 5));
  assert.equal(answerScore("London", "Paris"), 0);
  assert.equal(answerScore("", "Paris"), 0);
});

Deno.test("tokenF1() counts repeated tokens once per occurrence in the expected answer", () => {
  // "paris paris paris" against "paris": one common token, precision 1/3, recall 1.
  close(tokenF1("paris paris paris", "paris"), 0.5);
});

Deno.test("finalAnswer() takes the last Finish[...], else the last Final Answer:, else the last Action:", () => {
  assert.equal(finalAnswer("Action: Search[x]\nAction: Finish[SUPPORTS]\nThought: done"), "SUPPORTS");
  assert.equal(finalAnswer("Finish[a] then Finish[b]"), "b");
  assert.equal(finalAnswer("Thought: easy\nFinal Answer: 42"), "42");
  assert.equal(finalAnswer("Action: Search[Paramore]\nObservation: band\nAction: Lookup[founded]"), "Lookup[founded]");
  assert.equal(finalAnswer("just text"), null);
});

Deno.test("answerScore() weighs the final answer of a ReAct transcript at 0.7", () => {
  const expected = "Thought: search it\nAction: Search[Paramore]\nObservation: from Tennessee\nAction: Finish[REFUTES]";
  const sameVerdict = "Thought: look up the band\nAction: Search[Paramore band]\nAction: Finish[REFUTES]";
  const otherVerdict =
    "Thought: search it\nAction: Search[Paramore]\nObservation: from Tennessee\nAction: Finish[SUPPORTS]";
  const same = answerScore(sameVerdict, expected);
  const other = answerScore(otherVerdict, expected);
  close(same, 0.7 + 0.3 * tokenF1(sameVerdict, expected));
  close(other, 0.3 * tokenF1(otherVerdict, expected));
  // A different route to the right verdict beats the right route to the wrong one.
  assert.ok(same > other, `${same} <= ${other}`);
});

Deno.test("answerScore() matches a bare verdict against a transcript's final answer", () => {
  const expected = "Action: Search[Paramore]\nAction: Finish[SUPPORTS]";
  close(answerScore("SUPPORTS", expected), 0.7 + 0.3 * tokenF1("SUPPORTS", expected));
  assert.ok(answerScore("SUPPORTS", expected) > answerScore("REFUTES", expected));
});
