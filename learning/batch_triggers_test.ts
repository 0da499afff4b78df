import assert from "node:assert/strict";
import { batchDue, type BatchProgress } from "./batch_triggers.ts";

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 0, 1, 12);
const progress = (trajectories: number, successes = trajectories, lastRunAt: number | null = null): BatchProgress => ({
  trajectories,
  successes,
  lastRunAt,
});

Deno.test("batchDue fires on count alone when no other trigger is set", () => {
  assert.deepEqual(batchDue(progress(50), { minTrajectories: 50 }, NOW), {
    due: true,
    reasons: ["50 of 50 trajectories"],
  });
  assert.equal(batchDue(progress(80, 0, NOW - 60_000), { minTrajectories: 50 }, NOW).due, true);
});

Deno.test("batchDue does not fire below the count, whatever time and quality say", () => {
  assert.deepEqual(batchDue(progress(49), { minTrajectories: 50 }, NOW), {
    due: false,
    reasons: ["49 of 50 trajectories"],
  });
  const open = { minTrajectories: 50, minHoursSinceLast: 1, minSuccessRate: 0.5 };
  assert.deepEqual(batchDue(progress(12, 12, NOW - 100 * HOUR), open, NOW), {
    due: false,
    reasons: ["12 of 50 trajectories"],
  });
  assert.equal(batchDue(progress(0, 0), { minTrajectories: 1 }, NOW).due, false);
});

Deno.test("batchDue with minHoursSinceLast fires once enough time has passed, and not before", () => {
  const config = { minTrajectories: 10, minHoursSinceLast: 6 };
  assert.deepEqual(batchDue(progress(10, 10, NOW - 3 * HOUR), config, NOW), {
    due: false,
    reasons: ["3.0 h since the last batch, 6 h needed"],
  });
  assert.deepEqual(batchDue(progress(10, 10, NOW - 7.5 * HOUR), config, NOW), {
    due: true,
    reasons: ["10 of 10 trajectories", "7.5 h since the last batch, 6 h needed"],
  });
  assert.deepEqual(batchDue(progress(10, 10, null), config, NOW), {
    due: true,
    reasons: ["10 of 10 trajectories", "no previous batch"],
  });
});

Deno.test("batchDue time edge: exactly minHoursSinceLast is enough, a millisecond less is not", () => {
  const config = { minTrajectories: 1, minHoursSinceLast: 7.2 };
  const last = NOW - 7.2 * HOUR;
  assert.equal(batchDue(progress(1, 1, last), config, NOW).due, true);
  const early = batchDue(progress(1, 1, last + 1), config, NOW);
  assert.equal(early.due, false);
  assert.deepEqual(early.reasons, ["7.1999997 h since the last batch, 7.2 h needed"], "never printed as 7.2");
  assert.equal(batchDue(progress(1, 1, NOW), { minTrajectories: 1, minHoursSinceLast: 0 }, NOW).due, true);
});

Deno.test("batchDue with minSuccessRate fires at or above the rate, and not below", () => {
  const config = { minTrajectories: 10, minSuccessRate: 0.6 };
  assert.deepEqual(batchDue(progress(10, 4), config, NOW), {
    due: false,
    reasons: ["success rate 0.40 below 0.60"],
  });
  assert.deepEqual(batchDue(progress(10, 8), config, NOW), {
    due: true,
    reasons: ["10 of 10 trajectories", "success rate 0.80 at or above 0.60"],
  });
});

Deno.test("batchDue quality edge: a rate equal to minSuccessRate is enough, one success less is not", () => {
  assert.equal(batchDue(progress(5, 3), { minTrajectories: 5, minSuccessRate: 0.6 }, NOW).due, true);
  assert.equal(batchDue(progress(10, 7), { minTrajectories: 10, minSuccessRate: 0.7 }, NOW).due, true);
  assert.equal(batchDue(progress(100, 29), { minTrajectories: 10, minSuccessRate: 0.29 }, NOW).due, true);
  const short = batchDue(progress(600, 359), { minTrajectories: 10, minSuccessRate: 0.6 }, NOW);
  assert.equal(short.due, false);
  assert.deepEqual(short.reasons, ["success rate 0.598 below 0.60"], "never printed as 0.60 below 0.60");
  assert.equal(batchDue(progress(10, 0), { minTrajectories: 10, minSuccessRate: 0 }, NOW).due, true);
  assert.equal(batchDue(progress(10, 10), { minTrajectories: 10, minSuccessRate: 1 }, NOW).due, true);
});

Deno.test("batchDue count edge: exactly minTrajectories is enough, one less is not", () => {
  assert.equal(batchDue(progress(50), { minTrajectories: 50 }, NOW).due, true);
  assert.equal(batchDue(progress(49), { minTrajectories: 50 }, NOW).due, false);
});

Deno.test("batchDue lists every blocking condition when several block", () => {
  const config = { minTrajectories: 50, minHoursSinceLast: 6, minSuccessRate: 0.6 };
  assert.deepEqual(batchDue(progress(12, 3, NOW - 3 * HOUR), config, NOW), {
    due: false,
    reasons: ["12 of 50 trajectories", "3.0 h since the last batch, 6 h needed", "success rate 0.25 below 0.60"],
  });
  assert.deepEqual(batchDue(progress(60, 45, NOW - 6 * HOUR), config, NOW), {
    due: true,
    reasons: ["60 of 50 trajectories", "6.0 h since the last batch, 6 h needed", "success rate 0.75 at or above 0.60"],
  });
});
