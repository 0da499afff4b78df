import assert from "node:assert/strict";
import { hit, judge, meanAfterFirst, type Point, rate, verdict } from "./hit_rate.ts";

const point = (seen: number, memory: number, baseline: number): Point => ({ seen, memory, baseline, byFamily: {} });

Deno.test("hit() looks for the family among the answers; rate() is the share of hits", () => {
  assert.equal(hit("web-shopping", ["fact-verification", null, "web-shopping"]), true);
  assert.equal(hit("web-shopping", []), false);
  assert.equal(rate([true, false, true, true]), 0.75);
  assert.equal(rate([]), 0);
});

Deno.test("verdict() holds for a rising curve above the baseline", () => {
  const v = verdict([point(0, 0, 0), point(100, 0.6, 0.5), point(200, 0.9, 0.6)]);
  assert.deepEqual([v.rises, v.beatsBaseline, v.holds], [true, true, true]);
  assert.match(v.summary, /^memory 0\.0% → 90\.0% \(mean 75\.0%\), recency baseline 0\.0% → 60\.0% \(mean 55\.0%\)$/);
});

Deno.test("verdict() fails a curve that falls back or stays under the baseline", () => {
  assert.equal(verdict([point(0, 0, 0), point(100, 0.9, 0.5), point(200, 0.6, 0.5)]).rises, false);
  const under = verdict([point(0, 0, 0), point(100, 0.5, 0.7), point(200, 0.6, 0.7)]);
  assert.deepEqual([under.rises, under.beatsBaseline, under.holds], [true, false, false]);
  assert.equal(verdict([point(0, 0, 0)]).holds, false);
});

Deno.test("verdict() lets a small held-out set lose one question's worth without calling it a fall", () => {
  const curve = [point(0, 0, 0), point(100, 0.875, 0.3), point(200, 0.8125, 0.3)];
  assert.equal(verdict(curve).rises, false);
  assert.equal(verdict(curve, 1 / 16).rises, true);
});

Deno.test("verdict() does not hold a dip on the way against a curve that ends at its best", () => {
  const curve = [
    point(0, 0, 0),
    point(25, 0.39, 0.44),
    point(50, 0.32, 0.55),
    point(100, 0.54, 0.56),
    point(200, 0.91, 0.5),
  ];
  assert.deepEqual([verdict(curve).rises, verdict(curve).holds], [true, true]);
});

Deno.test("meanAfterFirst() leaves out the point before anything was seen", () => {
  assert.equal(meanAfterFirst([point(0, 0, 0), point(1, 0.5, 0), point(2, 1, 0)], (p) => p.memory), 0.75);
  assert.equal(meanAfterFirst([point(0, 0, 0)], (p) => p.memory), 0);
});

Deno.test("judge() meets the goal at 60% and 1.5× the baseline at the last point, and says when 1.5× is out of reach", () => {
  assert.deepEqual(judge([point(0, 0, 0), point(9, 0.9, 0.6)]), {
    met: true,
    memory: 0.9,
    baseline: 0.6,
    ratio: 0.9 / 0.6,
    reachable: true,
  });
  assert.equal(judge([point(9, 0.55, 0.1)]).met, false);
  assert.equal(judge([point(9, 0.6, 0)]).ratio, Infinity);
  assert.equal(judge([point(9, 0.6, 0)]).met, true);
  const beyond = judge([point(9, 1, 0.72)]);
  assert.deepEqual([beyond.met, beyond.reachable], [false, false]);
  assert.equal(judge([]).met, false);
});
