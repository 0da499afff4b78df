/**
 * A word-sized trend line for table cells and cards: no axes, the last value marked, and the
 * numbers themselves in the accessible name since there is no room to print them.
 */

import { ChartFrame } from "./chart_frame.tsx";
import { formatValue, px } from "./format.ts";
import { extent, linearScale } from "./scale.ts";
import { INK, seriesClass, seriesColor } from "./styles.ts";

/** Props for {@linkcode Sparkline}. */
export interface SparklineProps {
  /** Values in time order; non-finite ones are skipped. */
  values: readonly number[];
  /** Accessible name, e.g. "events/s, last hour"; the last value and range are appended. */
  title: string;
  /** @default 100 */
  width?: number;
  /** @default 24 */
  height?: number;
  /** Series colour index. @default 0 */
  colorIndex?: number;
}

/** Inset so the end dot and the stroke are not clipped at the edges. */
const INSET = 3;

/** A polyline of `values` scaled to fill the box, with a dot on the latest value. */
export function Sparkline(props: SparklineProps) {
  const width = props.width ?? 100;
  const height = props.height ?? 24;
  const color = props.colorIndex ?? 0;
  const values = props.values.filter(Number.isFinite);
  const range = extent(values);
  const frame = { width, height, showTitle: false, kind: "chart-sparkline" };

  if (range === undefined) {
    return (
      <ChartFrame {...frame} title={`${props.title}: no data yet`}>
        <text
          class="chart-empty"
          x={px(width / 2)}
          y={px(height / 2)}
          text-anchor="middle"
          dominant-baseline="middle"
          fill={INK.text}
          font-size="9"
        >
          no data yet
        </text>
      </ChartFrame>
    );
  }

  const last = values.at(-1)!;
  const summary = `${props.title}: last ${formatValue(last)}, range ${formatValue(range[0])} to ${
    formatValue(range[1])
  }`;
  const x = linearScale([0, Math.max(1, values.length - 1)], [INSET, width - INSET]);
  const y = linearScale(range, [height - INSET, INSET]);
  const points = values.map((v, i) => `${px(x(i))},${px(y(v))}`).join(" ");
  const lastX = values.length === 1 ? px(width / 2) : px(x(values.length - 1));

  return (
    <ChartFrame {...frame} title={summary}>
      <g class={`chart-series ${seriesClass(color)}`}>
        {values.length > 1 && (
          <polyline
            class="chart-line"
            points={points}
            fill="none"
            stroke={seriesColor(color)}
            stroke-width="1.5"
            stroke-linejoin="round"
          />
        )}
        <circle class="chart-point" cx={lastX} cy={px(y(last))} r={2} fill={seriesColor(color)} />
      </g>
    </ChartFrame>
  );
}
