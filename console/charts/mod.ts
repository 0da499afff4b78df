/**
 * @module
 * Server-rendered SVG charts for the console, as hono/jsx components: no client script, no
 * chart library. Each returns one `<svg role="img">` that reads correctly without CSS;
 * include `<ChartStyles />` (or the `chartStyles` CSS) once per page for theming, dark mode and hover states.
 *
 * @example
 * ```tsx
 * import { ChartStyles, LineChart } from "./charts/mod.ts";
 * <head><ChartStyles /></head>
 * <LineChart title="Loss" series={[{ name: "train", points }]} xLabel="step" />
 * ```
 */

export { BarList, type BarListItem, type BarListProps } from "./bar_list.tsx";
export { Histogram, type HistogramData, type HistogramProps } from "./histogram.tsx";
export { LineChart, type LineChartProps, type LinePoint, type LineSeries } from "./line_chart.tsx";
export { Sparkline, type SparklineProps } from "./sparkline.tsx";
export type { Bin, Domain } from "./scale.ts";
export { ChartStyles, chartStyles, SERIES_COUNT } from "./styles.ts";
export { formatTimestamp } from "./time_ticks.ts";
