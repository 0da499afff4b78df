/**
 * A one-row legend (colour swatch + series name) under the chart title, shown only when
 * there is more than one series to tell apart.
 */

import { INK, seriesClass, seriesColor } from "./styles.ts";

const SWATCH = 10;
const GAP = 14;
/** Approximate advance of one character at 11px; names are not measured server-side. */
const CHAR_WIDTH = 6.2;

/** Legend entries laid out left to right starting at `x`, centred on `y`. */
export function Legend(props: { names: readonly string[]; x: number; y: number }) {
  let cursor = props.x;
  const entries = props.names.map((name, i) => {
    const x = cursor;
    cursor += SWATCH + 4 + Math.ceil(name.length * CHAR_WIDTH) + GAP;
    return { name, i, x };
  });
  return (
    <g class="chart-legend">
      {entries.map(({ name, i, x }) => (
        <g class={seriesClass(i)}>
          <rect
            class="chart-swatch"
            x={x}
            y={props.y - SWATCH / 2}
            width={SWATCH}
            height={SWATCH}
            rx={2}
            fill={seriesColor(i)}
          />
          <text x={x + SWATCH + 4} y={props.y} dominant-baseline="middle" fill={INK.text}>{name}</text>
        </g>
      ))}
    </g>
  );
}
