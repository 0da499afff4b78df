import assert from "node:assert/strict";
import { assertWellFormedSvg, count, render, texts } from "./assert_svg.ts";
import { Histogram } from "./histogram.tsx";

const scores = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);

Deno.test("Histogram bins raw values on nice edges, one bar per bin", async () => {
  const svg = await render(
    <Histogram title="Quality, train" xLabel="score" values={scores} domain={[0, 100]} binCount={10} />,
  );
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<rect class="chart-bar"/), 10);
  assert.ok(svg.includes("<title>0–10: "), "bar tooltip has its range and count");
  const ticks = texts(svg, "chart-tick");
  for (const edge of ["0", "20", "40", "60", "80", "100"]) assert.ok(ticks.includes(edge), `${edge} in ${ticks}`);
  assert.deepEqual(texts(svg, "chart-label"), ["count", "score"]);
});

Deno.test("Histogram draws caller-made bins as given", async () => {
  const bins = [{ from: 0, to: 0.5, count: 4 }, { from: 0.5, to: 1, count: 9 }, { from: 1, to: 1.5, count: 1 }];
  const svg = await render(<Histogram title="t" bins={bins} />);
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<rect class="chart-bar"/), 3);
  assert.ok(svg.includes("<title>0.5–1: 9</title>"));
});

Deno.test("Histogram count ticks are whole numbers even for tiny counts", async () => {
  const svg = await render(<Histogram title="t" values={[1, 2, 3]} />);
  assertWellFormedSvg(svg);
  const yTicks = texts(svg, "chart-tick").slice(0, 2);
  assert.deepEqual(yTicks, ["0", "1"]);
});

Deno.test("Histogram says no data yet for empty, all-NaN and all-zero input", async () => {
  for (
    const svg of [
      await render(<Histogram title="t" values={[]} />),
      await render(<Histogram title="t" values={[NaN, Infinity]} />),
      await render(<Histogram title="t" bins={[]} />),
      await render(<Histogram title="t" bins={[{ from: 0, to: 1, count: 0 }, { from: 1, to: 2, count: NaN }]} />),
    ]
  ) {
    assertWellFormedSvg(svg);
    assert.ok(svg.includes("No data yet"));
    assert.equal(count(svg, /<rect/), 0);
  }
});

Deno.test("Histogram handles a constant input and skips NaN values", async () => {
  const svg = await render(<Histogram title="t" values={[42, 42, NaN, 42]} />);
  assertWellFormedSvg(svg);
  assert.ok(svg.includes(": 3</title>"), "all three finite values in one bin");
});

Deno.test("Histogram escapes its title and labels", async () => {
  const svg = await render(<Histogram title="<script>x</script>" xLabel="a<b" values={[1, 2]} />);
  assertWellFormedSvg(svg);
  assert.ok(!svg.includes("<script>"));
  assert.ok(svg.includes("a&lt;b"));
});
