/**
 * Histogram of a distribution, e.g. dataset quality scores (0–100) for one split. Takes raw
 * values (binned here on nice edges) or bins counted elsewhere, such as by a SQL query.
 */

import { labelWidth, XAxis, YAxis } from "./axes.tsx";
import { ChartFrame, NoData, plotArea } from "./chart_frame.tsx";
import { formatValue, px, tickFormatter } from "./format.ts";
import { type Bin, type Domain, linearScale, niceBins, niceTicks, type Ticks } from "./scale.ts";
import { seriesClass, seriesColor } from "./styles.ts";

/** Either raw values or ready-made bins, never both. */
export type HistogramData =
  | { values: readonly number[]; bins?: never }
  | { bins: readonly Bin[]; values?: never };

/** Props for {@linkcode Histogram}. */
export type HistogramProps = HistogramData & {
  /** Accessible name and visible heading. */
  title: string;
  /** Target number of bins for raw values; edges are rounded to nice numbers, so the result may differ a little. @default Sturges' rule, 5–30 */
  binCount?: number;
  /** Range to bin raw values over, e.g. `[0, 100]`; values outside are left out. Use the same domain to compare splits. @default the values' extent */
  domain?: Domain;
  /** @default 480 */
  width?: number;
  /** @default 200 */
  height?: number;
  xLabel?: string;
  /** @default "count" */
  yLabel?: string;
  /** Series colour index, e.g. one per split. @default 0 */
  colorIndex?: number;
  /** Draw the title inside the svg. @default true */
  showTitle?: boolean;
};

/** Sturges' rule, clamped: enough bins to show shape without turning small samples into noise. */
function defaultBinCount(n: number): number {
  return Math.min(30, Math.max(5, Math.ceil(Math.log2(Math.max(1, n)) + 1)));
}

/** Count ticks are whole numbers: a max count of 1 should read 0, 1, not 0, 0.5, 1. */
function countTicks(maxCount: number, count: number): Ticks {
  const ticks = niceTicks(0, Math.max(1, maxCount), count);
  return ticks.step >= 1 ? ticks : { values: ticks.values.filter(Number.isInteger), step: 1 };
}

/** Caller-made bins may carry NaN counts or inverted edges; those cannot be drawn honestly. */
function isDrawable(b: Bin): boolean {
  return Number.isFinite(b.from) && Number.isFinite(b.to) && b.from < b.to && Number.isFinite(b.count) && b.count >= 0;
}

/** Bars for each bin with a tooltip of its range and count; says "No data yet" when nothing was counted. */
export function Histogram(props: HistogramProps) {
  const width = props.width ?? 480;
  const height = props.height ?? 200;
  const showTitle = props.showTitle ?? true;
  const bins = props.bins?.filter(isDrawable) ??
    niceBins(props.values ?? [], props.binCount ?? defaultBinCount(props.values?.length ?? 0), props.domain);
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  const frame = { title: props.title, width, height, showTitle, kind: "chart-histogram" };

  if (bins.length === 0 || total === 0) {
    const area = plotArea({ width, height, title: showTitle, xAxis: false, xLabel: false, yLabel: false });
    return (
      <ChartFrame {...frame}>
        <NoData area={area} />
      </ChartFrame>
    );
  }

  const yLabel = props.yLabel ?? "count";
  const yTicks = countTicks(Math.max(...bins.map((b) => b.count)), Math.max(2, Math.floor(height / 45)));
  const yTickLabel = tickFormatter(yTicks);
  const area = plotArea({
    width,
    height,
    title: showTitle,
    xAxis: true,
    xLabel: props.xLabel !== undefined,
    yLabel: yLabel !== "",
    yTickWidth: labelWidth(yTicks.values.map(yTickLabel)),
  });
  const domain: Domain = [bins[0]!.from, bins.at(-1)!.to];
  const x = linearScale(domain, [area.left, area.right]);
  const y = linearScale([0, yTicks.values.at(-1)!], [area.bottom, area.top]);
  const xTicks = niceTicks(domain[0], domain[1], Math.max(2, Math.floor((area.right - area.left) / 60)));
  const xTickLabel = tickFormatter(xTicks);
  const color = props.colorIndex ?? 0;

  return (
    <ChartFrame {...frame}>
      <YAxis
        area={area}
        ticks={yTicks.values.map((v) => ({ position: y(v), label: yTickLabel(v) }))}
        label={yLabel || undefined}
      />
      <g class={`chart-series ${seriesClass(color)}`}>
        {bins.map((b) => {
          const left = px(x(b.from) + 0.5);
          const top = px(y(b.count));
          return (
            <rect
              class="chart-bar"
              x={left}
              y={top}
              width={px(Math.max(0.5, x(b.to) - x(b.from) - 1))}
              height={px(area.bottom - top)}
              fill={seriesColor(color)}
            >
              <title>{`${formatValue(b.from)}–${formatValue(b.to)}: ${b.count}`}</title>
            </rect>
          );
        })}
      </g>
      <XAxis
        area={area}
        ticks={xTicks.values.filter((v) => v >= domain[0] && v <= domain[1]).map((v) => ({
          position: x(v),
          label: xTickLabel(v),
        }))}
        label={props.xLabel}
      />
    </ChartFrame>
  );
}
