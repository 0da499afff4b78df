/**
 * The outer `<svg>` every chart shares (accessible name, visible title, sizing) and the
 * plot-area arithmetic that leaves room for the title and axis labels.
 */

import type { Child } from "hono/jsx";
import { px } from "./format.ts";
import { INK } from "./styles.ts";

/** Pixel box inside the svg where data is drawn. */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** What the margins must make room for. */
export interface MarginNeeds {
  width: number;
  height: number;
  title: boolean;
  /** A legend row under the title. @default false */
  legend?: boolean;
  xAxis: boolean;
  xLabel: boolean;
  yLabel: boolean;
  /** Width reserved for y tick labels, e.g. 40 for "1.25M". @default 0 */
  yTickWidth?: number;
}

/** The plot area left once the title, tick labels and axis labels have their space. */
export function plotArea(needs: MarginNeeds): PlotArea {
  const top = (needs.title ? 28 : 8) + (needs.legend ? 18 : 0);
  const left = 8 + (needs.yTickWidth ?? 0) + (needs.yLabel ? 16 : 0);
  const bottom = needs.height - ((needs.xAxis ? 20 : 4) + (needs.xLabel ? 16 : 0));
  return { left, right: needs.width - 12, top, bottom: Math.max(top + 10, bottom) };
}

interface ChartFrameProps {
  title: string;
  width: number;
  height: number;
  showTitle: boolean;
  /** Extra class next to `chart`, e.g. `chart-line-chart`. */
  kind: string;
  children?: Child;
}

/** `<svg role="img">` named by `title`, scaled by its viewBox so it shrinks with its container. */
export function ChartFrame(props: ChartFrameProps) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      role="img"
      aria-label={props.title}
      class={`chart ${props.kind}`}
      width={props.width}
      height={props.height}
      viewBox={`0 0 ${props.width} ${props.height}`}
      font-family="system-ui, sans-serif"
      font-size="11"
    >
      <title>{props.title}</title>
      {props.showTitle && (
        <text class="chart-title" x={8} y={16} fill={INK.text} font-weight="600" font-size="12">
          {props.title}
        </text>
      )}
      {props.children}
    </svg>
  );
}

/** The "no data yet" message centred in the plot area, so an empty chart keeps its size in the layout. */
export function NoData(props: { area: PlotArea; message?: string }) {
  const { area } = props;
  return (
    <text
      class="chart-empty"
      x={px((area.left + area.right) / 2)}
      y={px((area.top + area.bottom) / 2)}
      text-anchor="middle"
      dominant-baseline="middle"
      fill={INK.text}
      font-style="italic"
    >
      {props.message ?? "No data yet"}
    </text>
  );
}
