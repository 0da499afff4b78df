import assert from "node:assert/strict";
import { assertWellFormedSvg, count, render, texts } from "./assert_svg.ts";
import { LineChart, type LineSeries } from "./line_chart.tsx";

const curve = (name: string, n: number, f: (i: number) => number): LineSeries => ({
  name,
  points: Array.from({ length: n }, (_, i) => ({ x: i * 100, y: f(i) })),
});

/** True for tick labels that read as 1, 2 or 5 × 10^n multiples (with an optional SI suffix). */
const isNumberLabel = (label: string) => /^-?\d+(\.\d+)?(e-?\d+)?[kMGT]?$/.test(label);

Deno.test("LineChart draws one marker per point and a legend for two series", async () => {
  const svg = await render(
    <LineChart
      title="Training loss"
      xLabel="step"
      yLabel="loss"
      series={[curve("train", 12, (i) => 2 / (i + 1)), curve("validation", 4, (i) => 2.2 / (i + 1))]}
    />,
  );
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<circle class="chart-point"/), 16);
  assert.equal(count(svg, /<path class="chart-line"/), 2);
  assert.ok(svg.includes('class="chart-legend"'));
  assert.ok(svg.includes("chart-series-1"));
  assert.ok(svg.includes("<title>train · 300: 0.5</title>"), "tooltip gives x and y");
});

Deno.test("LineChart ticks are nice numbers and the y axis is labelled", async () => {
  const svg = await render(<LineChart title="t" yLabel="hit rate" series={[curve("a", 9, (i) => 0.1 * i)]} />);
  assertWellFormedSvg(svg);
  const ticks = texts(svg, "chart-tick");
  assert.ok(ticks.length >= 4);
  assert.ok(ticks.every(isNumberLabel), ticks.join(" "));
  assert.deepEqual(texts(svg, "chart-label"), ["hit rate"]);
});

Deno.test("LineChart has no legend for a single series", async () => {
  const svg = await render(<LineChart title="t" series={[curve("only", 3, (i) => i)]} />);
  assert.ok(!svg.includes("chart-legend"));
});

Deno.test("LineChart says no data yet for no series, empty series and all-NaN points", async () => {
  const inputs: LineSeries[][] = [[], [{ name: "a", points: [] }], [{
    name: "a",
    points: [{ x: NaN, y: 1 }, { x: 1, y: Infinity }],
  }]];
  for (const series of inputs) {
    const svg = await render(<LineChart title="Throughput" series={series} />);
    assertWellFormedSvg(svg);
    assert.ok(svg.includes("No data yet"));
    assert.equal(count(svg, /<circle/), 0);
  }
});

Deno.test("LineChart draws a single point as one marker and no line", async () => {
  const svg = await render(<LineChart title="t" series={[{ name: "a", points: [{ x: 5, y: 7 }] }]} />);
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<circle/), 1);
  assert.equal(count(svg, /class="chart-line"/), 0);
});

Deno.test("LineChart handles a constant series", async () => {
  const svg = await render(<LineChart title="t" series={[curve("flat", 5, () => 3)]} />);
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<circle/), 5);
  assert.ok(texts(svg, "chart-tick").includes("3.0"));
});

Deno.test("LineChart skips NaN and Infinity points but draws the rest", async () => {
  const points = [{ x: 0, y: 1 }, { x: 1, y: NaN }, { x: 2, y: Infinity }, { x: NaN, y: 2 }, { x: 3, y: 2 }];
  const svg = await render(<LineChart title="t" series={[{ name: "a", points }]} />);
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<circle/), 2);
});

Deno.test("LineChart keeps huge and tiny values readable", async () => {
  const huge = await render(<LineChart title="t" series={[curve("a", 5, (i) => 1e12 + i * 3e11)]} />);
  assertWellFormedSvg(huge);
  assert.ok(texts(huge, "chart-tick").some((l) => l.endsWith("T")));
  const tiny = await render(<LineChart title="t" series={[curve("a", 5, (i) => i * 1e-7)]} />);
  assertWellFormedSvg(tiny);
  assert.ok(texts(tiny, "chart-tick").some((l) => l.includes("e-7")));
});

Deno.test("LineChart on a time scale labels ticks HH:MM and tooltips with the timestamp", async () => {
  const t0 = Date.UTC(2025, 5, 1, 14, 0);
  const points = Array.from({ length: 31 }, (_, i) => ({ x: t0 + i * 60_000, y: 100 + i }));
  const svg = await render(<LineChart title="events/s" xScale="time" series={[{ name: "events/s", points }]} />);
  assertWellFormedSvg(svg);
  const xTicks = texts(svg, "chart-tick").filter((l) => l.includes(":"));
  assert.deepEqual(xTicks, ["14:00", "14:10", "14:20", "14:30"]);
  assert.ok(svg.includes("events/s · 2025-06-01 14:07:00: 107"));
});

Deno.test("LineChart uses the caller's xFormat for ticks and tooltips", async () => {
  const svg = await render(
    <LineChart title="t" xFormat={(x) => `step ${x}`} series={[curve("a", 3, (i) => i)]} />,
  );
  assert.ok(texts(svg, "chart-tick").includes("step 100"));
  assert.ok(svg.includes("<title>a · step 200: 2</title>"));
});

Deno.test("LineChart uses the caller's yFormat for ticks and tooltips", async () => {
  const percent = (v: number) => `${Math.round(v * 100)}%`;
  const svg = await render(<LineChart title="t" yFormat={percent} series={[curve("a", 3, (i) => i / 4)]} />);
  assert.ok(texts(svg, "chart-tick").includes("50%"));
  assert.ok(svg.includes("<title>a · 200: 50%</title>"));
});

Deno.test("LineChart widens y to include yDomain", async () => {
  const svg = await render(<LineChart title="t" yDomain={[0, 1]} series={[curve("a", 3, () => 0.5)]} />);
  const ticks = texts(svg, "chart-tick");
  assert.ok(ticks.includes("0") && ticks.includes("1.0"), ticks.join(" "));
});

Deno.test("LineChart drops markers for dense series but keeps the line", async () => {
  const svg = await render(<LineChart title="t" series={[curve("dense", 2000, (i) => Math.sin(i))]} />);
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<circle/), 0);
  assert.equal(count(svg, /<path class="chart-line"/), 1);
});

Deno.test("LineChart escapes the title and series names", async () => {
  const svg = await render(
    <LineChart
      title='<script>alert("t")</script>'
      series={[curve("<b>x</b>", 2, (i) => i), curve("y", 2, (i) => i)]}
    />,
  );
  assertWellFormedSvg(svg);
  assert.ok(!svg.includes("<script>") && !svg.includes("<b>"));
  assert.ok(svg.includes("&lt;script&gt;") && svg.includes("&lt;b&gt;x&lt;/b&gt;"));
});
