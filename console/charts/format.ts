/**
 * Number-to-text for chart markup. Everything a chart prints or places goes through here,
 * so no 0.30000000000000004 or 1234567.891 reaches the page.
 */

import type { Ticks } from "./scale.ts";

const SI = [
  { power: 1e12, suffix: "T" },
  { power: 1e9, suffix: "G" },
  { power: 1e6, suffix: "M" },
  { power: 1e3, suffix: "k" },
];

/** An SVG coordinate rounded to 0.01 px: finer than any screen resolves, short in the markup. */
export function px(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A formatter for one axis's tick labels. It looks at all the ticks at once so they share a
 * unit and a number of decimals: just enough to tell neighbours apart (from the step).
 * From 10 000 up labels take a k/M/G/T suffix; when every tick is below 0.001 they go exponential.
 */
export function tickFormatter(ticks: Ticks): (value: number) => string {
  const { step } = ticks;
  const largest = Math.max(step, ...ticks.values.map(Math.abs));
  if (largest < 1e-3) {
    // Each label needs the digits between its own leading digit and the step's.
    const stepExponent = Math.floor(Math.log10(step) + 1e-9);
    return (value) => {
      if (value === 0) return "0";
      const digits = Math.floor(Math.log10(Math.abs(value)) + 1e-9) - stepExponent;
      return value.toExponential(Math.min(12, Math.max(0, digits)));
    };
  }
  const unit = largest >= 1e4 ? SI.find((u) => largest >= u.power) : undefined;
  const divisor = unit?.power ?? 1;
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step / divisor) + 1e-9)));
  return (value) => value === 0 ? "0" : (value / divisor).toFixed(decimals) + (unit?.suffix ?? "");
}

/**
 * A value for tooltips and bar labels: four significant digits, trailing zeros dropped,
 * k/M/G/T from 10 000 up. Non-finite input prints as "–" rather than "NaN".
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const unit = abs >= 1e4 ? SI.find((u) => abs >= u.power) : undefined;
  const scaled = unit ? value / unit.power : value;
  return String(Number(scaled.toPrecision(4))) + (unit?.suffix ?? "");
}
