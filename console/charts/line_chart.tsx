/**
 * Line chart for one or more series over a numeric or time x axis: loss curves by step,
 * events/s by minute, hit-rate over time. Server-rendered SVG, no client script.
 */

import { labelWidth, XAxis, YAxis } from "./axes.tsx";
import { ChartFrame, NoData, plotArea } from "./chart_frame.tsx";
import { formatValue, px, tickFormatter } from "./format.ts";
import { Legend } from "./legend.tsx";
import { type Domain, extent, linearScale, niceTicks } from "./scale.ts";
import { seriesClass, seriesColor } from "./styles.ts";
import { formatTimestamp, formatTimeTick, timeTicks } from "./time_ticks.ts";

/** One observation. Points with a non-finite x or y are skipped. */
export interface LinePoint {
  x: number;
  y: number;
}

/** A named series; points may come in any order (they are drawn sorted by x). */
export interface LineSeries {
  name: string;
  points: readonly LinePoint[];
}

/** Props for {@linkcode LineChart}. */
export interface LineChartProps {
  series: readonly LineSeries[];
  /** Accessible name and visible heading. */
  title: string;
  /** @default 480 */
  width?: number;
  /** @default 240 */
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** `"time"`: x is epoch ms, ticks fall on clock steps and read HH:MM (UTC). @default "linear" */
  xScale?: "linear" | "time";
  /** Formats x for tick labels and tooltips, e.g. HH:MM in the viewer's zone (the default is UTC). */
  xFormat?: (x: number) => string;
  /** Formats y for tick labels and tooltips, e.g. a rate as a percentage. */
  yFormat?: (y: number) => string;
  /** The y range always shown, e.g. `[0, 1]` for a rate; data outside it widens it. */
  yDomain?: Domain;
  /** Draw the title inside the svg; turn off when the page already heads the chart. @default true */
  showTitle?: boolean;
}

/** Above this many points per pixel column a series is drawn as a bare line: markers would be a smear. */
const MIN_PX_PER_MARKER = 4;

/** A line chart with nice ticks, a legend for several series and a tooltip on each point. */
export function LineChart(props: LineChartProps) {
  const width = props.width ?? 480;
  const height = props.height ?? 240;
  const isTime = props.xScale === "time";
  const series = props.series.map((s) => ({
    name: s.name,
    points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x),
  }));
  const all = series.flatMap((s) => s.points);
  const xExtent = extent(all.map((p) => p.x));
  const yExtent = extent([...all.map((p) => p.y), ...(props.yDomain ?? [])]);
  const showTitle = props.showTitle ?? true;
  const frame = { title: props.title, width, height, showTitle, kind: "chart-line-chart" };
  const legend = props.series.length > 1;

  if (xExtent === undefined || yExtent === undefined) {
    const area = plotArea({ width, height, title: showTitle, xAxis: false, xLabel: false, yLabel: false });
    return (
      <ChartFrame {...frame}>
        <NoData area={area} />
      </ChartFrame>
    );
  }

  const yTicks = niceTicks(yExtent[0], yExtent[1], Math.max(2, Math.floor(height / 50)));
  const yTickLabel = props.yFormat ?? tickFormatter(yTicks);
  const yLabels = yTicks.values.map(yTickLabel);
  const area = plotArea({
    width,
    height,
    title: showTitle,
    legend,
    xAxis: true,
    xLabel: props.xLabel !== undefined,
    yLabel: props.yLabel !== undefined,
    yTickWidth: labelWidth(yLabels),
  });
  const xCount = Math.max(2, Math.floor((area.right - area.left) / 80));
  const xTicks = isTime ? timeTicks(xExtent[0], xExtent[1], xCount) : niceTicks(xExtent[0], xExtent[1], xCount);
  // x spans the data itself (a single point falls back to the tick range) so lines reach both edges.
  const xDomain: Domain = xExtent[0] < xExtent[1] ? xExtent : [xTicks.values[0]!, xTicks.values.at(-1)!];
  const x = linearScale(xDomain, [area.left, area.right]);
  const y = linearScale([yTicks.values[0]!, yTicks.values.at(-1)!], [area.bottom, area.top]);
  const xTickLabel = props.xFormat ??
    (isTime ? (v: number) => formatTimeTick(v, xTicks.step) : tickFormatter(xTicks));
  const xText = props.xFormat ?? (isTime ? formatTimestamp : formatValue);
  const yText = props.yFormat ?? formatValue;
  const inside = (v: number) => v >= xDomain[0] - 1e-9 * xTicks.step && v <= xDomain[1] + 1e-9 * xTicks.step;

  return (
    <ChartFrame {...frame}>
      {legend && <Legend names={props.series.map((s) => s.name)} x={area.left} y={showTitle ? 36 : 14} />}
      <YAxis
        area={area}
        ticks={yTicks.values.map((v, i) => ({ position: y(v), label: yLabels[i]! }))}
        label={props.yLabel}
      />
      <XAxis
        area={area}
        ticks={xTicks.values.filter(inside).map((v) => ({ position: x(v), label: xTickLabel(v) }))}
        label={props.xLabel}
      />
      {series.map((s, i) => {
        const markers = s.points.length <= (area.right - area.left) / MIN_PX_PER_MARKER;
        const d = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${px(x(p.x))} ${px(y(p.y))}`).join(" ");
        return (
          <g class={`chart-series ${seriesClass(i)}`}>
            {s.points.length > 1 && (
              <path
                class="chart-line"
                d={d}
                fill="none"
                stroke={seriesColor(i)}
                stroke-width="1.75"
                stroke-linejoin="round"
              >
                <title>{s.name}</title>
              </path>
            )}
            {markers &&
              s.points.map((p) => (
                <circle
                  class="chart-point"
                  cx={px(x(p.x))}
                  cy={px(y(p.y))}
                  r={s.points.length === 1 ? 3.5 : 2.5}
                  fill={seriesColor(i)}
                >
                  <title>{`${s.name} · ${xText(p.x)}: ${yText(p.y)}`}</title>
                </circle>
              ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
