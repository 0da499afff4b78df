import assert from "node:assert/strict";
import { runOutcome } from "./run_outcome.ts";
import { rejection } from "../../tests/support/rejection.ts";

Deno.test("runOutcome() takes the run's outcome, else its 0–1 score or reward, else the default, else asks for --outcome", () => {
  assert.deepEqual(runOutcome({ outcome: "failure", reward: 1 }), { outcome: "failure", score: 1 });
  assert.deepEqual(runOutcome({ reward: 1 }), { outcome: "success", score: 1 });
  assert.deepEqual(runOutcome({ reward: 0 }), { outcome: "failure", score: 0 });
  assert.deepEqual(runOutcome({ score: 0.4, reward: 1 }), { outcome: "partial", score: 0.4 });
  // A reward on another scale says nothing of the outcome.
  assert.deepEqual(runOutcome({ reward: 7 }, "aborted"), { outcome: "aborted" });
  assert.deepEqual(runOutcome({}, "success"), { outcome: "success" });
  assert.match(rejection(() => runOutcome({})).message, /pass --outcome success\|failure\|partial\|aborted$/);
  assert.match(rejection(() => runOutcome({ outcome: "won" })).message, /^outcome must be one of/);
  assert.match(rejection(() => runOutcome({ score: 3 })).message, /^score must be a number from 0 to 1/);
  assert.match(rejection(() => runOutcome({ reward: "high" })).message, /^reward must be a number/);
});
