import assert from "node:assert/strict";
import { formatTimestamp, formatTimeTick, timeTicks } from "./time_ticks.ts";

const at = (h: number, m: number, s = 0) => Date.UTC(2025, 2, 14, h, m, s);

Deno.test("timeTicks() steps an hour in quarter hours on the clock", () => {
  const { values, step } = timeTicks(at(12, 3), at(12, 58), 4);
  assert.equal(step, 15 * 60_000);
  assert.deepEqual(values.map((v) => formatTimeTick(v, step)), ["12:00", "12:15", "12:30", "12:45", "13:00"]);
});

Deno.test("timeTicks() labels sub-minute steps with seconds", () => {
  const { values, step } = timeTicks(at(9, 0, 0), at(9, 0, 50), 5);
  assert.equal(step, 10_000);
  assert.equal(formatTimeTick(values[1]!, step), "09:00:10");
});

Deno.test("timeTicks() labels day steps as month-day", () => {
  const { values, step } = timeTicks(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 6), 5);
  assert.equal(step, 86_400_000);
  assert.deepEqual(values.map((v) => formatTimeTick(v, step)), ["01-01", "01-02", "01-03", "01-04", "01-05", "01-06"]);
});

Deno.test("timeTicks() falls back to whole weeks for very long spans", () => {
  const { values, step } = timeTicks(0, 365 * 86_400_000, 5);
  assert.equal(step % (7 * 86_400_000), 0);
  assert.ok(values.length <= 7);
});

Deno.test("timeTicks() widens a single instant to a couple of minutes", () => {
  const { values } = timeTicks(at(10, 30), at(10, 30));
  assert.ok(values[0]! < at(10, 30) && values.at(-1)! > at(10, 30));
});

Deno.test("formatTimestamp() prints UTC to the second", () => {
  assert.equal(formatTimestamp(at(7, 5, 9)), "2025-03-14 07:05:09");
});
