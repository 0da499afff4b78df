import assert from "node:assert/strict";
import { rewardSignal } from "./reward_signal.ts";

Deno.test("rewardSignal() maps quality 0, 50, 100 to −1, 0, 1 at full confidence", () => {
  assert.equal(rewardSignal({ qualityScore: 0, confidence: 1 }), -1);
  assert.equal(rewardSignal({ qualityScore: 50, confidence: 1 }), 0);
  assert.equal(rewardSignal({ qualityScore: 100, confidence: 1 }), 1);
  assert.equal(rewardSignal({ qualityScore: 75, confidence: 1 }), 0.5);
});

Deno.test("rewardSignal() shrinks an unsure score toward 0", () => {
  assert.equal(rewardSignal({ qualityScore: 100, confidence: 0.5 }), 0.5);
  assert.equal(rewardSignal({ qualityScore: 0, confidence: 0.25 }), -0.25);
  assert.equal(rewardSignal({ qualityScore: 90, confidence: 0 }), 0);
});

Deno.test("rewardSignal() stays in [−1, 1] for inputs out of range, and is 0 for NaN", () => {
  assert.equal(rewardSignal({ qualityScore: 150, confidence: 2 }), 1);
  assert.equal(rewardSignal({ qualityScore: -20, confidence: 1 }), -1);
  assert.equal(rewardSignal({ qualityScore: Number.NaN, confidence: 1 }), 0);
  assert.equal(rewardSignal({ qualityScore: 80, confidence: Number.NaN }), 0);
});
