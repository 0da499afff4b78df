/**
 * X and y axes: tick marks, tick labels, light grid lines and the axis titles.
 * Positions come in already scaled, so the axes know nothing about the data.
 */

import type { PlotArea } from "./chart_frame.tsx";
import { px } from "./format.ts";
import { INK } from "./styles.ts";

/** One tick: where it sits in pixels and what it says. */
export interface AxisTick {
  position: number;
  label: string;
}

/** Roughly how wide tick labels render at 11px, so the y axis can reserve room for them. */
export function labelWidth(labels: readonly string[]): number {
  return Math.ceil(Math.max(0, ...labels.map((l) => l.length)) * 6.5) + 6;
}

/** A horizontal axis along the bottom of `area`. */
export function XAxis(props: { area: PlotArea; ticks: AxisTick[]; label?: string | undefined }) {
  const { area } = props;
  return (
    <g class="chart-axis chart-axis-x" stroke={INK.axis}>
      <line x1={area.left} x2={area.right} y1={area.bottom} y2={area.bottom} />
      {props.ticks.map((t) => (
        <g>
          <line x1={px(t.position)} x2={px(t.position)} y1={area.bottom} y2={area.bottom + 4} />
          <text
            class="chart-tick"
            x={px(t.position)}
            y={area.bottom + 15}
            text-anchor="middle"
            fill={INK.text}
            stroke="none"
          >
            {t.label}
          </text>
        </g>
      ))}
      {props.label && (
        <text
          class="chart-label"
          x={px((area.left + area.right) / 2)}
          y={area.bottom + 31}
          text-anchor="middle"
          fill={INK.text}
          stroke="none"
        >
          {props.label}
        </text>
      )}
    </g>
  );
}

/** A vertical axis at the left of `area`, with grid lines across the plot at each tick. */
export function YAxis(props: { area: PlotArea; ticks: AxisTick[]; label?: string | undefined }) {
  const { area } = props;
  const midY = px((area.top + area.bottom) / 2);
  // One path for all grid lines keeps the markup small.
  const gridPath = props.ticks.map((t) => `M${area.left} ${px(t.position)}H${area.right}`).join("");
  return (
    <g class="chart-axis chart-axis-y" stroke={INK.axis}>
      <path class="chart-grid" d={gridPath} stroke={INK.grid} stroke-opacity="0.35" fill="none" />
      <line x1={area.left} x2={area.left} y1={area.top} y2={area.bottom} />
      {props.ticks.map((t) => (
        <text
          class="chart-tick"
          x={area.left - 5}
          y={px(t.position)}
          text-anchor="end"
          dominant-baseline="middle"
          fill={INK.text}
          stroke="none"
        >
          {t.label}
        </text>
      ))}
      {props.label && (
        <text
          class="chart-label"
          x={12}
          y={midY}
          transform={`rotate(-90 12 ${midY})`}
          text-anchor="middle"
          fill={INK.text}
          stroke="none"
        >
          {props.label}
        </text>
      )}
    </g>
  );
}
