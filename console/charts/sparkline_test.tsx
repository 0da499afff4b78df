import assert from "node:assert/strict";
import { assertWellFormedSvg, count, render } from "./assert_svg.ts";
import { Sparkline } from "./sparkline.tsx";

const pointCount = (svg: string) => /points="([^"]*)"/.exec(svg)?.[1]?.split(" ").length ?? 0;

Deno.test("Sparkline draws every value and marks the last one", async () => {
  const svg = await render(<Sparkline title="events/s" values={[3, 5, 4, 8, 7.25]} />);
  assertWellFormedSvg(svg);
  assert.equal(pointCount(svg), 5);
  assert.equal(count(svg, /<circle/), 1);
  assert.ok(svg.includes('aria-label="events/s: last 7.25, range 3 to 8"'));
});

Deno.test("Sparkline skips non-finite values", async () => {
  const svg = await render(<Sparkline title="t" values={[1, NaN, 2, Infinity, 3]} />);
  assertWellFormedSvg(svg);
  assert.equal(pointCount(svg), 3);
});

Deno.test("Sparkline handles one value and constant values", async () => {
  const one = await render(<Sparkline title="t" values={[4]} />);
  assertWellFormedSvg(one);
  assert.equal(count(one, /<polyline/), 0);
  assert.equal(count(one, /<circle/), 1);
  const flat = await render(<Sparkline title="t" values={[2, 2, 2]} />);
  assertWellFormedSvg(flat);
  assert.equal(pointCount(flat), 3);
});

Deno.test("Sparkline says no data yet for empty or all-NaN input", async () => {
  for (const values of [[], [NaN]]) {
    const svg = await render(<Sparkline title="queue depth" values={values} />);
    assertWellFormedSvg(svg);
    assert.ok(svg.includes("no data yet"));
  }
});

Deno.test("Sparkline escapes its title", async () => {
  const svg = await render(<Sparkline title='"><script>' values={[1, 2]} />);
  assertWellFormedSvg(svg);
  assert.ok(!svg.includes("<script>"));
});
