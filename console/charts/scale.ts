/**
 * The pure math behind the charts: extents, linear scales, "nice" ticks and binning.
 * No rendering here, so every edge case (empty, constant, non-finite) is testable alone.
 */

/** A closed numeric interval `[min, max]`. */
export type Domain = readonly [min: number, max: number];

/** One histogram bin: values in `[from, to)` (the last bin also holds `to`). */
export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Smallest and largest finite value, or `undefined` when there is none (NaN and ±Infinity are skipped). */
export function extent(values: Iterable<number>): Domain | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/**
 * Maps `domain` linearly onto `range`. A zero-width domain maps everything to the middle
 * of the range, because a constant series should sit mid-chart rather than divide by zero.
 */
export function linearScale(domain: Domain, range: Domain): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/**
 * The 1, 2 or 5 × 10^n step that cuts `span` into about `count` pieces. Thresholds sit at the
 * geometric midpoints (√2, √10, √50, as in d3-array) so the piece count errs either way
 * equally instead of always falling short.
 */
export function niceStep(span: number, count: number): number {
  const rough = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const multiple = fraction >= Math.sqrt(50) ? 10 : fraction >= Math.sqrt(10) ? 5 : fraction >= Math.SQRT2 ? 2 : 1;
  return multiple * power;
}

/** Ticks on a nice step plus the step itself, so labels can pick their precision from it. */
export interface Ticks {
  values: number[];
  step: number;
}

/**
 * Nice ticks (multiples of a 1/2/5 × 10^n step) that enclose `[min, max]`: the first tick is
 * at or below `min` and the last at or above `max`, so the ticks double as the axis domain.
 * A constant input is widened around itself so the axis still has a scale.
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [0, 1], step: 1 };
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 10;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceStep(max - min, count);
  // The epsilon stops 4e-5 / 1e-5 = 4.000000000000001 from adding a tick past the data.
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const values: number[] = [];
  // Multiplying integers by the step (rather than adding steps) keeps the error to one
  // rounding; `cleanFloat` then removes it (0.1 * 3 is 0.30000000000000004).
  for (let i = first; i <= last; i++) values.push(cleanFloat(i * step));
  return { values, step };
}

/** Drops binary floating-point noise beyond 12 significant digits. */
export function cleanFloat(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(12)) : value;
}

/**
 * Counts finite values into `binCount` equal-width bins over `domain` (default: the values'
 * extent). Values outside the domain are left out rather than piled into the edge bins,
 * which would draw a spike that is not in the data.
 */
export function bin(values: Iterable<number>, binCount: number, domain?: Domain): Bin[] {
  const finite = [...values].filter(Number.isFinite);
  const range = domain ?? extent(finite);
  if (range === undefined) return [];
  let [from, to] = range;
  if (from === to) [from, to] = [from - 0.5, to + 0.5];
  const count = Math.max(1, Math.floor(binCount));
  const width = (to - from) / count;
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({
    from: cleanFloat(from + i * width),
    to: cleanFloat(i === count - 1 ? to : from + (i + 1) * width),
    count: 0,
  }));
  for (const v of finite) {
    if (v < from || v > to) continue;
    const index = Math.min(count - 1, Math.floor((v - from) / width));
    bins[index]!.count++;
  }
  return bins;
}

/**
 * Bins whose edges fall on nice numbers (0, 10, 20… rather than 0, 14.29, 28.57…), about
 * `binCount` of them over `domain` (default: the values' extent), widened to the nearest edges.
 */
export function niceBins(values: Iterable<number>, binCount: number, domain?: Domain): Bin[] {
  const finite = [...values].filter(Number.isFinite);
  const range = domain ?? extent(finite);
  if (range === undefined) return [];
  const { values: edges, step } = niceTicks(range[0], range[1], binCount);
  const first = edges[0]!;
  const last = edges.at(-1)!;
  return bin(finite, Math.round((last - first) / step), [first, last]);
}
