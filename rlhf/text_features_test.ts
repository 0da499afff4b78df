import assert from "node:assert/strict";
import { fnv1a } from "../learning/fnv1a.ts";
import { textFeatures } from "./text_features.ts";

const transcript = [
  "Thought: I should search for Paramore.",
  "Action: Search[Paramore]",
  "Observation: Paramore is an American rock band from Franklin, Tennessee.",
  "Action: Finish[REFUTES]",
  "Observation: Episode finished, reward = 1",
].join("\n");

const slotOf = (feature: string, dimensions = 2 ** 18) => fnv1a(feature) & (dimensions - 1);
const has = (features: ReturnType<typeof textFeatures>, feature: string) => features.indices.includes(slotOf(feature));

Deno.test("textFeatures() is a unit vector with ascending, distinct indices in range", () => {
  const features = textFeatures("Paramore is not from Tennessee.", transcript, 1024);
  const norm = Math.hypot(...features.values);
  assert.ok(Math.abs(norm - 1) < 1e-12);
  assert.ok(features.indices.every((index, i) => index < 1024 && (i === 0 || index > features.indices[i - 1]!)));
  assert.ok(features.values.every((value) => value !== 0));
});

Deno.test("textFeatures() is the same for the same text, and differs for another", () => {
  const a = textFeatures("claim", transcript);
  assert.deepEqual(textFeatures("claim", transcript), a);
  assert.notDeepEqual(textFeatures("claim", transcript.replace("REFUTES", "SUPPORTS")), a);
});

Deno.test("textFeatures() sees steps, tool calls, the last call and error observations", () => {
  const features = textFeatures("Paramore is not from Tennessee.", transcript);
  for (const feature of ["verb:search", "verb:finish:refutes", "last:finish:refutes", "verbs:search>finish"]) {
    assert.ok(has(features, feature), feature);
  }
  assert.ok(has(features, "steps:action:2"), "2 actions fall in bucket 2");
  assert.ok(!has(features, "error:invalid-action:1"));
  const failing = textFeatures("x", "Action: search[shoes]\nObservation: Invalid action!");
  assert.ok(has(failing, "error:invalid-action:1"));
});

Deno.test("textFeatures() cannot tell numbers apart: a printed reward is no feature", () => {
  const won = textFeatures("claim", transcript);
  const lost = textFeatures("claim", transcript.replace("reward = 1", "reward = 0"));
  assert.deepEqual(lost, won);
});

Deno.test("textFeatures() counts how much of the prompt the answer takes up", () => {
  const prompt = "paramore tennessee band";
  assert.ok(!has(textFeatures(prompt, "nothing shared here"), "overlap:recall"), "recall 0 adds nothing");
  assert.ok(has(textFeatures(prompt, "nothing shared here"), "overlap:recall:0"));
  assert.ok(has(textFeatures(prompt, "the paramore band"), "overlap:recall:3"), "2 of 3 words");
  assert.ok(has(textFeatures(prompt, "paramore band of tennessee"), "overlap:recall:5"), "all 3");
});

Deno.test("textFeatures() works on plain text without steps, and on an empty answer", () => {
  assert.ok(textFeatures("Write a haiku", "Autumn moonlight, a worm digs silently").indices.length > 5);
  const empty = textFeatures("prompt", "");
  assert.ok(empty.values.every((value) => Number.isFinite(value)));
});
