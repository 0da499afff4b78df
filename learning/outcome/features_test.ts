import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import { featureCounts, featurize, parseAction, resolveFeatureOptions, words } from "./features.ts";

const options = resolveFeatureOptions();
const s = (index: number, kind: StepBody["kind"], content: string, extra: Partial<StepBody> = {}): StepBody => ({
  index,
  kind,
  content,
  ...extra,
});

Deno.test("parseAction reads ReAct actions, tool calls and bare commands", () => {
  assert.deepEqual(parseAction(s(0, "action", "Search[Paramore]")), { verb: "search", argument: "Paramore" });
  assert.deepEqual(parseAction(s(0, "action", "click[Buy Now]", { tool: { name: "click", input: "Buy Now" } })), {
    verb: "click",
    argument: "Buy Now",
  });
  assert.deepEqual(parseAction(s(0, "tool_call", "", { tool: { name: "Grep", input: { pattern: "foo" } } })), {
    verb: "grep",
    argument: '{"pattern":"foo"}',
  });
  assert.deepEqual(parseAction(s(0, "action", "reset")), { verb: "reset", argument: "" });
});

Deno.test("words drops digits and single letters, so ids and rewards leave no trace", () => {
  assert.deepEqual(words("click[B0972Q1T8T] Your score: 1.0"), ["click", "your", "score"]);
});

Deno.test("featureCounts names kind, verb, argument words, errors, repeats and the last action", () => {
  const steps = [
    s(0, "thought", "I should search"),
    s(1, "action", "Search[Paramore band]"),
    s(2, "observation", "Could not find [Paramore band]. Similar: ..."),
    s(3, "action", "Search[Paramore band]", { status: "error" }),
    s(4, "action", "Finish[SUPPORTS]"),
  ];
  const counts = featureCounts(steps, { description: "d", family: "fact-verification" }, options);
  assert.equal(counts.get("v:search"), 2);
  assert.equal(counts.get("v:search|a:paramore"), 2);
  assert.equal(counts.get("v:search|repeat"), 1);
  assert.equal(counts.get("err:action"), 1);
  assert.equal(counts.get("o:could not"), 1);
  assert.equal(counts.get("v:finish|last"), 1);
  assert.equal(counts.get("v:finish|a:supports"), 1);
  assert.equal(counts.get("f:fact-verification"), 1);
  assert.equal(counts.get("n:2"), 1, "three actions: bucket 2");
  assert.equal(counts.has("t:should"), false, "thought words are off by default");
});

Deno.test("featurize does not see the reward an environment reports", () => {
  const end = (
    reward: string,
  ) => [s(0, "action", "Finish[SUPPORTS]"), s(1, "observation", `Episode finished, reward = ${reward}`)];
  assert.deepEqual(featurize(end("1"), null, options), featurize(end("0"), null, options));
});

Deno.test("featurize is a sparse vector within the hashed size, and a step taken out changes it", () => {
  const steps = [
    s(0, "action", "search[usb microphone]"),
    s(1, "observation", "results"),
    s(2, "action", "click[Buy Now]"),
  ];
  const all = featurize(steps, null, options);
  assert.equal(all.slots.length, all.values.length);
  assert.ok(all.slots.every((slot, i) => slot >= 0 && slot < 4096 && (i === 0 || slot > all.slots[i - 1]!)));
  assert.notDeepEqual(featurize(steps.slice(0, 2), null, options), all);
  assert.deepEqual(featurize(steps, null, options), all, "deterministic");
});
