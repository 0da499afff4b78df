/**
 * Chart colours and the optional stylesheet. Every chart carries inline presentation
 * attributes (from `INK` and `SERIES_COLORS`) so it reads correctly with no CSS at all;
 * `chartStyles` overrides them through classes and adds dark mode and hover states.
 */

/** How many distinct series colours exist; series beyond this reuse them in order. */
export const SERIES_COUNT = 6;

/** Default series colours (light theme), distinguishable with the common colour-vision deficiencies. */
export const SERIES_COLORS = ["#2563eb", "#ea580c", "#059669", "#9333ea", "#dc2626", "#0891b2"] as const;

/** Default neutral colours: mid-tones that stay legible on both white and near-black pages. */
export const INK = {
  text: "#64748b",
  axis: "#94a3b8",
  grid: "#94a3b8",
} as const;

/** The class naming a series' colour, e.g. `chart-series-0`. */
export function seriesClass(index: number): string {
  return `chart-series-${index % SERIES_COUNT}`;
}

/** The inline default colour for a series. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COUNT]!;
}

const lightSeries = SERIES_COLORS.map((c, i) => `--chart-series-${i}: ${c};`).join(" ");
const darkSeries = ["#60a5fa", "#fb923c", "#34d399", "#c084fc", "#f87171", "#22d3ee"]
  .map((c, i) => `--chart-series-${i}: ${c};`).join(" ");
const seriesRules = SERIES_COLORS.map((_, i) => `.chart-series-${i} { color: var(--chart-series-${i}); }`)
  .join("\n");

/**
 * CSS to include once per page (e.g. in a `<style>` in the layout) to theme the charts.
 * Colours are custom properties on `.chart`, so a console can restyle by overriding them.
 */
export const chartStyles = `
.chart {
  --chart-text: #334155; --chart-muted: #64748b; --chart-axis: #94a3b8; --chart-grid: #e2e8f0;
  ${lightSeries}
  font: 11px system-ui, -apple-system, "Segoe UI", sans-serif;
  max-width: 100%; height: auto; overflow: visible;
}
@media (prefers-color-scheme: dark) {
  .chart {
    --chart-text: #e2e8f0; --chart-muted: #94a3b8; --chart-axis: #64748b; --chart-grid: #334155;
    ${darkSeries}
  }
}
.chart text { fill: var(--chart-muted); }
.chart .chart-title { fill: var(--chart-text); font-weight: 600; font-size: 12px; }
.chart .chart-empty { fill: var(--chart-muted); font-style: italic; }
.chart-axis line, .chart-axis path { stroke: var(--chart-axis); }
.chart-axis .chart-grid { stroke: var(--chart-grid); }
${seriesRules}
.chart-line { stroke: currentColor; fill: none; }
.chart-point, .chart-bar, .chart-swatch { fill: currentColor; }
.chart-point:hover { r: 4.5; }
.chart-bar:hover { opacity: 0.8; }
.chart a:hover text { text-decoration: underline; }
`;
