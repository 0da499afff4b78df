import assert from "node:assert/strict";
import { render } from "./assert_svg.ts";
import { ChartStyles, chartStyles, SERIES_COUNT, seriesClass } from "./styles.ts";

Deno.test("chartStyles themes every series class and has a dark scheme", () => {
  for (let i = 0; i < SERIES_COUNT; i++) assert.ok(chartStyles.includes(`.${seriesClass(i)} {`));
  assert.ok(chartStyles.includes("@media (prefers-color-scheme: dark)"));
});

Deno.test("seriesClass() wraps around the palette", () => {
  assert.equal(seriesClass(SERIES_COUNT + 1), "chart-series-1");
});

Deno.test("ChartStyles renders the CSS unescaped inside <style>", async () => {
  const markup = await render(ChartStyles());
  assert.ok(markup.startsWith("<style>") && markup.includes('"Segoe UI"'));
});
