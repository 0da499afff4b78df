/**
 * `batchDue`: whether enough has been learned since the last batch for the next one.
 *
 * The triggers are conditions that must all hold, not alternatives:
 * - count, always: at least `minTrajectories` trajectories learned since the last batch;
 * - time, when `minHoursSinceLast` is set: at least that many hours since the last
 *   successful batch finished (no batch yet counts as long enough ago);
 * - quality, when `minSuccessRate` is set: at least that share of those trajectories
 *   succeeded.
 *
 * So time and quality never start a batch on their own; they hold one back until the
 * count is also reached. The answer carries its reasons in words for the API: when the
 * batch is due, every condition that holds; when it is not, only those that block it.
 *
 * @example
 * ```ts
 * batchDue({ trajectories: 12, successes: 9, lastRunAt: null }, config, Date.now());
 * // { due: false, reasons: ["12 of 50 trajectories"] }
 * ```
 *
 * @module
 */
import type { LearningConfig } from "./config.ts";

/** What has been learned since the last successful batch. */
export interface BatchProgress {
  /** Trajectories learned since the last batch. */
  trajectories: number;
  /** How many of them succeeded. */
  successes: number;
  /** When the last successful batch finished (epoch ms); null when none has. */
  lastRunAt: number | null;
}

/** Whether a batch is due, and why or why not. */
export interface BatchDecision {
  due: boolean;
  reasons: string[];
}

type Triggers = Pick<LearningConfig, "minTrajectories" | "minHoursSinceLast" | "minSuccessRate">;

const HOUR_MS = 3_600_000;

interface Condition {
  holds: boolean;
  reason: string;
}

/** Whether the triggers of `config` hold for `progress` at `now` (epoch ms). */
export function batchDue(progress: BatchProgress, config: Triggers, now: number): BatchDecision {
  const conditions = [countCondition(progress, config.minTrajectories)];
  if (config.minHoursSinceLast !== undefined) {
    conditions.push(timeCondition(progress.lastRunAt, config.minHoursSinceLast, now));
  }
  if (config.minSuccessRate !== undefined) conditions.push(qualityCondition(progress, config.minSuccessRate));
  const blocking = conditions.filter((c) => !c.holds);
  const due = blocking.length === 0;
  return { due, reasons: (due ? conditions : blocking).map((c) => c.reason) };
}

function countCondition({ trajectories }: BatchProgress, min: number): Condition {
  return { holds: trajectories >= min, reason: `${trajectories} of ${min} trajectories` };
}

// Dividing, not multiplying the threshold: the quotient is the double nearest the true
// ratio, so an exact edge (3 of 5 against 0.6, 7.2 h against 7.2) compares equal.
function timeCondition(lastRunAt: number | null, minHours: number, now: number): Condition {
  if (lastRunAt === null) return { holds: true, reason: "no previous batch" };
  const hours = (now - lastRunAt) / HOUR_MS;
  return {
    holds: hours >= minHours,
    reason: `${shown(hours, minHours, 1)} h since the last batch, ${minHours} h needed`,
  };
}

function qualityCondition({ trajectories, successes }: BatchProgress, min: number): Condition {
  if (trajectories === 0) return { holds: false, reason: `no trajectories to rate, success rate ${min} needed` };
  const rate = successes / trajectories;
  const holds = rate >= min;
  return {
    holds,
    reason: `success rate ${shown(rate, min, 2)} ${holds ? "at or above" : "below"} ${shown(min, rate, 2)}`,
  };
}

/** `value` with `digits` decimals, or more when fewer would print it on the wrong side of `other`. */
function shown(value: number, other: number, digits: number): string {
  const wrongSide = (text: string) => value < other ? Number(text) >= other : value > other && Number(text) <= other;
  let text = value.toFixed(digits);
  while (digits < 10 && wrongSide(text)) text = value.toFixed(++digits);
  return text;
}
