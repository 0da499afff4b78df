/**
 * Horizontal bars for counts by label: rejections by reason, trajectories by state, dead
 * letters by code. Rows keep the caller's order, so the caller decides what "top" means.
 */

import type { Child } from "hono/jsx";
import { ChartFrame, NoData, plotArea } from "./chart_frame.tsx";
import { formatValue, px } from "./format.ts";
import { INK, seriesClass, seriesColor } from "./styles.ts";

/** One row. `href` makes the row a link, e.g. to the filtered list behind the count. */
export interface BarListItem {
  label: string;
  value: number;
  href?: string;
}

/** Props for {@linkcode BarList}. */
export interface BarListProps {
  items: readonly BarListItem[];
  /** Accessible name and visible heading. */
  title: string;
  /** @default whole numbers with thousands separators, others to 4 significant digits */
  valueFormat?: (value: number) => string;
  /** @default 480 */
  width?: number;
  /** Series colour index. @default 0 */
  colorIndex?: number;
  /** Draw the title inside the svg. @default true */
  showTitle?: boolean;
}

const ROW = 22;
const BAR = 14;
const CHAR_WIDTH = 6.2;
/** Room right of the longest bar for its value. */
const VALUE_ROOM = 56;

function defaultValueFormat(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e6 ? value.toLocaleString("en-US") : formatValue(value);
}

/** Only same-site paths and http(s) URLs become links: a `javascript:` href would run script from data. */
function safeHref(href: string | undefined): string | undefined {
  return href !== undefined && /^(\/(?!\/)|\?|#|https?:\/\/)/i.test(href.trim()) ? href : undefined;
}

/** Wraps `children` in an svg `<a>` when there is somewhere to go. */
function LinkIf(props: { href: string | undefined; children: Child }) {
  return props.href === undefined ? props.children : <a href={props.href}>{props.children}</a>;
}

/** Labels longer than the label column are cut with an ellipsis; the full label stays in the tooltip. */
function fit(label: string, maxChars: number): string {
  return label.length <= maxChars ? label : `${label.slice(0, Math.max(1, maxChars - 1))}…`;
}

/** One bar per item, label on the left and value at the bar's end, each row optionally a link. */
export function BarList(props: BarListProps) {
  const width = props.width ?? 480;
  const showTitle = props.showTitle ?? true;
  const format = props.valueFormat ?? defaultValueFormat;
  const top = showTitle ? 28 : 6;
  const frame = { title: props.title, showTitle, width, kind: "chart-bar-list" };

  if (props.items.length === 0) {
    const height = top + 40;
    const area = plotArea({ width, height, title: showTitle, xAxis: false, xLabel: false, yLabel: false });
    return (
      <ChartFrame {...frame} height={height}>
        <NoData area={area} />
      </ChartFrame>
    );
  }

  const height = top + props.items.length * ROW + 4;
  const maxLabelChars = Math.floor((width * 0.4) / CHAR_WIDTH);
  const longest = Math.max(...props.items.map((item) => Math.min(item.label.length, maxLabelChars)));
  const barLeft = 8 + Math.ceil(longest * CHAR_WIDTH) + 8;
  const barSpace = Math.max(10, width - barLeft - VALUE_ROOM);
  const max = Math.max(0, ...props.items.map((item) => item.value).filter(Number.isFinite));
  const color = props.colorIndex ?? 0;

  return (
    <ChartFrame {...frame} height={height}>
      <g class={`chart-series ${seriesClass(color)}`}>
        {props.items.map((item, i) => {
          const y = top + i * ROW;
          const barWidth = max > 0 && Number.isFinite(item.value) ? px((Math.max(0, item.value) / max) * barSpace) : 0;
          const text = format(item.value);
          return (
            <LinkIf href={safeHref(item.href)}>
              <g class="chart-row">
                <title>{`${item.label}: ${text}`}</title>
                <text x={barLeft - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" fill={INK.text}>
                  {fit(item.label, maxLabelChars)}
                </text>
                <rect
                  class="chart-bar"
                  x={barLeft}
                  y={y + (ROW - BAR) / 2}
                  width={barWidth}
                  height={BAR}
                  rx={2}
                  fill={seriesColor(color)}
                />
                <text x={px(barLeft + barWidth + 6)} y={y + ROW / 2} dominant-baseline="middle" fill={INK.text}>
                  {text}
                </text>
              </g>
            </LinkIf>
          );
        })}
      </g>
    </ChartFrame>
  );
}
