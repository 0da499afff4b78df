import assert from "node:assert/strict";
import { formatValue, px, tickFormatter } from "./format.ts";
import { niceTicks } from "./scale.ts";

const labels = (min: number, max: number) => {
  const ticks = niceTicks(min, max, 5);
  return ticks.values.map(tickFormatter(ticks));
};

Deno.test("px() rounds coordinates to hundredths", () => {
  assert.equal(px(0.1 + 0.2), 0.3);
  assert.equal(px(123.456789), 123.46);
});

Deno.test("tickFormatter() shares decimals across an axis", () => {
  assert.deepEqual(labels(0, 1), ["0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
  assert.deepEqual(labels(0, 0.1), ["0", "0.02", "0.04", "0.06", "0.08", "0.10"]);
  assert.deepEqual(labels(0, 40), ["0", "10", "20", "30", "40"]);
});

Deno.test("tickFormatter() uses one SI suffix for the whole axis from 10 000 up", () => {
  assert.deepEqual(labels(0, 12_000), ["0", "2k", "4k", "6k", "8k", "10k", "12k"]);
  assert.deepEqual(labels(0, 4e9), ["0", "1G", "2G", "3G", "4G"]);
});

Deno.test("tickFormatter() goes exponential for tiny values", () => {
  assert.deepEqual(labels(0, 4e-5), ["0", "1e-5", "2e-5", "3e-5", "4e-5"]);
  assert.deepEqual(labels(1.2e-5, 1.6e-5), ["1.2e-5", "1.3e-5", "1.4e-5", "1.5e-5", "1.6e-5"]);
});

Deno.test("formatValue() keeps four significant digits and drops float noise", () => {
  assert.equal(formatValue(0.1 + 0.2), "0.3");
  assert.equal(formatValue(0.123456), "0.1235");
  assert.equal(formatValue(1234), "1234");
  assert.equal(formatValue(1_234_567), "1.235M");
  assert.equal(formatValue(-25_000), "-25k");
});

Deno.test("formatValue() prints a dash for non-finite values", () => {
  assert.equal(formatValue(NaN), "–");
  assert.equal(formatValue(Infinity), "–");
});
