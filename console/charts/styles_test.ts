import assert from "node:assert/strict";
import { chartStyles, SERIES_COUNT, seriesClass } from "./styles.ts";

Deno.test("chartStyles themes every series class and has a dark scheme", () => {
  for (let i = 0; i < SERIES_COUNT; i++) assert.ok(chartStyles.includes(`.${seriesClass(i)} {`));
  assert.ok(chartStyles.includes("@media (prefers-color-scheme: dark)"));
});

Deno.test("seriesClass() wraps around the palette", () => {
  assert.equal(seriesClass(SERIES_COUNT + 1), "chart-series-1");
});
