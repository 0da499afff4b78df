import assert from "node:assert/strict";
import { bin, cleanFloat, extent, linearScale, niceBins, niceStep, niceTicks } from "./scale.ts";

/** True when `step` is 1, 2 or 5 times a power of ten. */
function isNiceStep(step: number): boolean {
  const mantissa = cleanFloat(step / 10 ** Math.floor(Math.log10(step) + 1e-9));
  return [1, 2, 5].includes(mantissa);
}

Deno.test("extent() skips NaN and ±Infinity", () => {
  assert.deepEqual(extent([3, NaN, -1, Infinity, 7, -Infinity]), [-1, 7]);
});

Deno.test("extent() is undefined when there is no finite value", () => {
  assert.equal(extent([]), undefined);
  assert.equal(extent([NaN, Infinity]), undefined);
});

Deno.test("linearScale() maps the domain ends onto the range ends, inverted ranges included", () => {
  const y = linearScale([0, 10], [200, 0]);
  assert.equal(y(0), 200);
  assert.equal(y(10), 0);
  assert.equal(y(5), 100);
});

Deno.test("linearScale() puts everything mid-range for a zero-width domain", () => {
  const x = linearScale([4, 4], [0, 100]);
  assert.equal(x(4), 50);
  assert.equal(x(99), 50);
});

Deno.test("niceStep() always returns 1, 2 or 5 × 10^n", () => {
  for (const span of [0.0003, 0.07, 1, 3, 9.99, 42, 1234, 7e9, 3e-12]) {
    for (const count of [2, 5, 8]) assert.ok(isNiceStep(niceStep(span, count)), `${span}/${count}`);
  }
});

Deno.test("niceTicks() covers 0..1 in clean tenths-of-two without float noise", () => {
  assert.deepEqual(niceTicks(0, 1, 5), { values: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
  assert.deepEqual(niceTicks(0.1, 0.3, 2).values, [0.1, 0.2, 0.3]);
});

Deno.test("niceTicks() encloses the input on nice steps for awkward ranges", () => {
  const cases: [number, number][] = [[0.13, 0.97], [-3.7, 12.2], [1e9, 7.3e9], [1e-9, 4e-9], [997, 1003], [-5, -1]];
  for (const [min, max] of cases) {
    const { values, step } = niceTicks(min, max, 5);
    assert.ok(isNiceStep(step), `step ${step}`);
    assert.ok(values[0]! <= min && values.at(-1)! >= max, `${values} encloses ${min}..${max}`);
    assert.ok(values.length >= 2 && values.length <= 12, `count ${values.length}`);
    for (const v of values) assert.equal(v, cleanFloat(Math.round(v / step) * step), `${v} is a multiple of ${step}`);
  }
});

Deno.test("niceTicks() widens a constant input so the axis still has a scale", () => {
  const around5 = niceTicks(5, 5).values;
  assert.ok(around5[0]! < 5 && around5.at(-1)! > 5);
  assert.deepEqual(niceTicks(0, 0).values, [-1, -0.5, 0, 0.5, 1]);
});

Deno.test("niceTicks() accepts reversed bounds and ignores non-finite ones", () => {
  assert.deepEqual(niceTicks(10, 0).values, niceTicks(0, 10).values);
  assert.deepEqual(niceTicks(NaN, 3).values, [0, 1]);
});

Deno.test("bin() counts into equal-width bins with the top edge in the last bin", () => {
  const bins = bin([0, 1, 2, 5, 9.99, 10], 2, [0, 10]);
  assert.deepEqual(bins, [{ from: 0, to: 5, count: 3 }, { from: 5, to: 10, count: 3 }]);
});

Deno.test("bin() leaves out values outside the domain and non-finite values", () => {
  const bins = bin([-1, 0.5, NaN, Infinity, 11], 1, [0, 10]);
  assert.deepEqual(bins, [{ from: 0, to: 10, count: 1 }]);
});

Deno.test("bin() gives a constant input one centred unit-wide range", () => {
  const bins = bin([3, 3, 3], 2);
  assert.deepEqual(bins, [{ from: 2.5, to: 3, count: 0 }, { from: 3, to: 3.5, count: 3 }]);
});

Deno.test("bin() returns no bins for no finite values", () => {
  assert.deepEqual(bin([], 5), []);
  assert.deepEqual(bin([NaN], 5), []);
});

Deno.test("niceBins() puts edges on nice numbers and counts every in-range value", () => {
  const values = Array.from({ length: 101 }, (_, i) => i);
  const bins = niceBins(values, 10, [0, 100]);
  assert.deepEqual(bins.map((b) => b.from), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.equal(bins.at(-1)!.to, 100);
  assert.equal(bins.reduce((sum, b) => sum + b.count, 0), 101);
});

Deno.test("niceBins() edges carry no float noise for fractional domains", () => {
  const bins = niceBins([0.05, 0.31, 0.77], 10, [0, 1]);
  assert.deepEqual(bins.map((b) => b.to), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
});
