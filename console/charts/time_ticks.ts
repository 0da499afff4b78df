/**
 * Ticks for time axes (epoch milliseconds). Decimal 1/2/5 steps would land on 3m20s
 * boundaries, so time axes step by clock units instead and read as 12:00, 12:15, 12:30.
 */

import type { Ticks } from "./scale.ts";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Clock-friendly steps, smallest first. */
const STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/**
 * Ticks on the smallest clock step giving at most about `count` intervals, enclosing
 * `[min, max]`. Steps align to UTC midnight, so hour steps line up with whole hours in
 * any zone with a whole-hour offset. Spans beyond `7 * count` days fall back to whole-week steps.
 */
export function timeTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [0, MINUTE], step: MINUTE };
  if (min > max) [min, max] = [max, min];
  if (min === max) [min, max] = [min - MINUTE, max + MINUTE];
  const wanted = (max - min) / Math.max(1, count);
  const step = STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / (7 * DAY)) * 7 * DAY;
  const values: number[] = [];
  let t = Math.floor(min / step) * step;
  values.push(t);
  while (t < max) values.push(t += step);
  return { values, step };
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A UTC label suited to the tick step: HH:MM:SS under a minute, HH:MM under a day, MM-DD beyond.
 * The server renders in UTC; pass `xFormat` to a chart to show another zone.
 */
export function formatTimeTick(ms: number, step: number): string {
  const d = new Date(ms);
  const hhmm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (step < MINUTE) return `${hhmm}:${pad(d.getUTCSeconds())}`;
  if (step < DAY) return hhmm;
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A full UTC timestamp (YYYY-MM-DD HH:MM:SS) for tooltips, where precision matters more than brevity. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
